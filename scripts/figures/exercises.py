"""The exercises: start pose, end pose, props and arrows for each picture.

Angles are in degrees on screen: 0 points right, 90 down, -90 up, 180 left.
Every figure faces right. Pose keys:
  hip or sh   position of the hip (or shoulder) joint
  t           torso angle, hip -> shoulder;  hd  neck angle (default t)
  c           torso bend in px (+ bulges to the figure's back when t = 0..)
  an, af      near / far arm;  ln, lf  near / far leg;  fn, ff  foot angles
A limb is ("a", a1, a2) absolute angles, ("t", x, y, hint) a target for the
hand or ankle, or ("j", joint, dx, dy, hint) a target next to a solved joint
(legs are solved before arms). hint r/l/u/d says where the elbow/knee goes.
"""
import math

from figures import (ANKLE, FLOOR, HAND, LEG_W, TORSO_W, arrow_path, joint_arrow,
                     poly, pt, towards, vec, add, ang)

FL = ("f", 4, "M14 178H306")  # the floor line


def mat(x1, x2):
    return ("t", 6, "M%d 175H%d" % (x1, x2))


def chair(x, seat=146, depth=36, back=True, facing=1):
    """Side view of a chair; the sitter faces right (back rest on the left)."""
    x2 = x + depth
    d = "M%d %dH%d" % (x, seat, x2) + "M%d %dV177M%d %dV177" % (x + 3, seat, x2 - 3, seat)
    if back:
        bx = x + 3 if facing == 1 else x2 - 3
        d += "M%d %dV%d" % (bx, seat, seat - 50)
    return ("p", 4, d)


def wall(x, top=22):
    return ("p", 6, "M%d %dV177" % (x, top))


def ball(cx, r):
    cy = FLOOR - r
    return ("pf", 3, "M%d %da%d %d 0 1 0 %d 0a%d %d 0 1 0 %d 0" % (cx - r, cy, r, r, 2 * r, r, r, -2 * r))


def water(y):
    """Water up to y: a pale fill behind the figures, the surface line in front."""
    wave = "M4 %d" % y + "q10-5 20 0" + "t20 0" * 14 + "H316"
    return ("w", 0, wave + "V177H4Z"), ("l", 2, wave)


def hip_for_kneel(knee, theta):
    """Hip of a body straight from the knee at `theta` degrees above the floor."""
    return (knee[0] + 36 * math.cos(math.radians(theta)), knee[1] - 36 * math.sin(math.radians(theta)))


# ---- things held or pushed that move with the figure ----------------------
def towel(j):
    # from the near hand round the sole of the near foot and back
    sole = j["footn"] + 90
    a = add(j["heeln"], vec(sole, 6))
    b = add(j["toen"], vec(sole, 6))
    return [("p", 4, poly(j["wrin"], a, b, j["wrin"]))]


def dumbbells(j):
    out = []
    for s in "fn":
        w = j["wri" + s]
        out.append(("p", 5, "M%s h0" % pt(add(w, (-8, 0))) + "M%s h0" % pt(add(w, (8, 0))) + poly(add(w, (-8, 0)), add(w, (8, 0)))))
    return out


def dumbbells_end(j):
    """Dumbbells seen end on (a disc in each hand)."""
    return [("p", 12, "M%sh0M%sh0" % (pt(j["wrif"]), pt(j["wrin"])))]


def platform(j):
    # the leg-press foot plate, square to the line from hip to ankle
    a = ang(j["hip"], j["ankn"])
    c = add(j["ankn"], vec(a, 9))
    return [("p", 6, poly(add(c, vec(a - 90, 24)), add(c, vec(a + 90, 14))))]


def shin_pad(j):
    c = add(j["ankn"], vec(j["legn"][1] + 90, 8))
    return [("p", 10, "M%sh0" % pt(c))]


def calf_pad(j):
    c = add(j["ankn"], vec(j["legn"][1] - 90, 9))
    return [("p", 10, "M%sh0" % pt(c))]


def bar(j):
    w = j["wrin"]
    return [("p", 4, poly(add(w, (-22, 0)), add(w, (12, 0))) + poly(w, (w[0], 20)))]


EX = {}


def ex(slug, name, start, end, back=(), front=(), arrows=(), attached=(), scale=None, **kw):
    if scale is None:
        scale = 1.3 if start["t"] % 180 < 30 or start["t"] % 180 > 150 else 1
    EX[slug] = dict(name=name, start=start, end=end, back=[FL] + list(back),
                    front=list(front), arrows=list(arrows), attached=list(attached), scale=scale, **kw)


def ja(name, off=(0, 0), bend=0, trim=0.18):
    return lambda js, je: joint_arrow(js, je, name, off, bend, trim)


# ---------------------------------------------------------------- lying on the back
LIE = dict(hip=(150, 165), t=180, hd=180)
ARMS_DOWN = ("t", 164, HAND, "u")
KNEES_BENT = ("t", 200, ANKLE, "u")

ex("bridge", "Bridge",
   dict(LIE, an=ARMS_DOWN, ln=KNEES_BENT),
   dict(sh=(110, 165), t=156, hd=180, an=ARMS_DOWN, ln=KNEES_BENT),
   back=[mat(50, 250)], arrows=[ja("hip", (0, 12), 0, 0.1)])

ex("single-leg-bridge", "Single-leg bridge",
   dict(LIE, an=ARMS_DOWN, lf=KNEES_BENT, ln=("a", -48, -48), fn=-130),
   dict(sh=(110, 165), t=156, hd=180, an=ARMS_DOWN, lf=KNEES_BENT, ln=("a", -24, -24), fn=-105),
   back=[mat(50, 260)], arrows=[ja("hip", (0, 12), 0, 0.1)])

ex("dead-bug", "Dead bug",
   dict(LIE, an=("a", -90, -90), ln=("a", -90, 0), fn=-80),
   dict(LIE, an=("a", -90, -90), lf=("a", -90, 0), ff=-80, ln=("a", -12, -6), fn=-80),
   back=[mat(50, 260)], arrows=[ja("ankn", (6, -10), -8)])

ex("hamstring-stretch", "Hamstring stretch",
   dict(LIE, an=("j", "ankn", 0, 0, "d"), lf=("a", 0, 0), ff=-85, ln=("a", -75, 15), fn=-75),
   dict(LIE, an=("j", "ankn", 0, 0, "d"), lf=("a", 0, 0), ff=-85, ln=("a", -78, -78), fn=-170),
   back=[mat(50, 260)], attached=[(towel, "over")], arrows=[ja("ankn", (12, 0), -10)])

# ---------------------------------------------------------------- hands and knees
KNEE = (112, 171)
HK = dict(hip=(132, 135), t=-18, hd=5, an=("t", 181, HAND, "l"), af=("t", 181, HAND, "l"), ln=("a", 90, 180), fn=180)

ex("bird-dog", "Bird dog",
   dict(HK),
   dict(HK, an=("a", -26, -26), lf=("a", 183, 183), ff=95, hd=14),
   back=[mat(60, 250)], arrows=[ja("wrin", (0, -10), -6), ja("ankf", (0, -10), 6)])

ex("cat-cow", "Cat-cow",
   dict(HK, c=-9, hd=70),
   dict(HK, c=6, hd=-15),
   back=[mat(60, 250)], arrows=[lambda js, je: arrow_path((150, 100), (150, 118), 0)])


def kneeling_plank(theta, hand_x, hint="u"):
    hip = hip_for_kneel(KNEE, theta)
    return dict(hip=hip, t=-theta, hd=-theta + 8, an=("t", hand_x, HAND, hint),
                ln=("a", 180 - theta, 200), fn=110)


ex("knee-push-up", "Push-up from the knees",
   kneeling_plank(37, 168), kneeling_plank(16, 168), scale=1.3,
   back=[mat(52, 250)], arrows=[ja("sh", (0, -16), 0)])

# ---------------------------------------------------------------- side lying
SIDE = dict(hip=(170, 162), t=180, hd=182, af=("a", 178, 180), an=("t", 140, HAND, "u"),
            lf=("a", 12, 180), ff=180)
ex("side-lying-clam", "Side-lying clam",
   dict(SIDE, ln=("a", 4, 174), fn=176),
   dict(SIDE, ln=("t", 167, 161, "u"), fn=176),
   back=[mat(52, 268)], arrows=[ja("knen", (10, -4), -8, 0.1)])

# ---------------------------------------------------------------- standing
STAND = dict(hip=(150, 99), t=-90, hd=-90, an=("a", 95, 100), af=("a", 85, 80), ln=("a", 90, 90))

ex("wall-sit", "Wall sit",
   dict(hip=(96, 99), t=-90, hd=-90, an=("a", 92, 92), ln=("t", 112, ANKLE, "r")),
   dict(hip=(96, 135), t=-90, hd=-90, an=("j", "knen", -6, -8, "d"), ln=("t", 132, ANKLE, "r")),
   back=[wall(80)], arrows=[ja("hip", (24, -10), 0, 0.2)])

ex("squat", "Squat",
   dict(STAND, hip=(150, 99), an=("a", 0, 0), af=("a", 0, 0), ln=("t", 150, ANKLE, "r")),
   dict(hip=(128, 130), t=-58, hd=-70, an=("a", 0, 0), af=("a", 0, 0), ln=("t", 150, ANKLE, "r")),
   arrows=[ja("hip", (-22, 0), 8, 0.1)])

ex("sit-to-stand", "Sit to stand",
   dict(hip=(92, 135), t=-84, hd=-88, an=("j", "knen", -12, -8, "d"), ln=("t", 124, ANKLE, "r")),
   dict(hip=(110, 115), t=-42, hd=-50, an=("j", "knen", -4, -7, "d"), ln=("t", 124, ANKLE, "r")),
   back=[chair(60, seat=146)], arrows=[ja("head", (-2, -16), -6, 0.15)])

# ---------------------------------------------------------------- machines
def press_pose(reach, axis=-20, hip=(112, 140)):
    tx = hip[0] + reach * math.cos(math.radians(axis))
    ty = hip[1] + reach * math.sin(math.radians(axis))
    return dict(hip=hip, t=-145, hd=-120, an=("t", hip[0] + 6, hip[1] + 12, "d"),
                ln=("t", tx, ty, "u"), fn=axis - 90)


def sled(hip=(112, 140), axis=-20):
    """Seat, back rest and the rail the leg-press plate slides on."""
    h = hip
    def p(dist, side):
        return add(add(h, vec(axis, dist)), vec(axis + 90, side))
    rail = poly(p(40, 17), p(110, 17)) + poly(p(100, 17), (p(100, 17)[0], 177))
    off = vec(125, 14)
    seat = poly(add(h, off), add(add(h, vec(-145, 56)), off))  # back rest
    seat += "M%d %dH%dM%d %dV177" % (h[0] - 8, h[1] + 12, h[0] + 24, h[0] + 8, h[1] + 12)
    return [("p", 5, seat), ("p", 4, rail)]


ex("leg-press", "Leg press", press_pose(48), press_pose(70),
   back=sled(), attached=[(platform, "under")], arrows=[ja("ankn", (6, -22), 0, 0.05)])

# ---------------------------------------------------------------- water
ex("water-walking", "Water walking",
   dict(STAND, hip=(160, 99), t=-86, ln=("a", 70, 100), lf=("a", 110, 118), ff=20,
        an=("a", 120, 100), af=("a", 60, 20)),
   dict(STAND, hip=(160, 99), t=-86, lf=("a", 70, 100), ln=("a", 110, 118), fn=20,
        af=("a", 120, 100), an=("a", 60, 20)),
   back=[water(104)[0]], front=[water(104)[1]], arrows=[lambda js, je: arrow_path((200, 60), (240, 60), 0)])


# ---------------------------------------------------------------- helpers for the rest
def arc_arrow(c, rx, ry, a0, a1, head=7):
    """An elliptical arc arrow round point c from angle a0 to a1 (degrees)."""
    p0 = (c[0] + rx * math.cos(math.radians(a0)), c[1] + ry * math.sin(math.radians(a0)))
    p1 = (c[0] + rx * math.cos(math.radians(a1)), c[1] + ry * math.sin(math.radians(a1)))
    large = 1 if abs(a1 - a0) > 180 else 0
    sweep = 1 if a1 > a0 else 0
    tang = a1 + (90 if sweep else -90)
    tx = -rx * math.sin(math.radians(a1)) * (1 if sweep else -1)
    ty = ry * math.cos(math.radians(a1)) * (1 if sweep else -1)
    d = math.degrees(math.atan2(ty, tx))
    h1 = add(p1, vec(d + 150, head))
    h2 = add(p1, vec(d - 150, head))
    return ("M%s A%d %d 0 %d %d %s" % (pt(p0), rx, ry, large, sweep, pt(p1))) + poly(h1, p1, h2)


def fixed(d):
    return lambda js, je: d


def straight_arrow(p0, p1):
    return fixed(arrow_path(p0, p1, 0))


def stand(x=150, **kw):
    """Standing tall, feet under the hips."""
    p = dict(hip=(x, 99), t=-90, hd=-90, an=("a", 95, 100), af=("a", 85, 80),
             ln=("a", 90, 90))
    p.update(kw)
    return p


def walk(x, flip, swing=1.0):
    fwd, back = ("a", 68, 98), ("a", 112, 116)
    arm_f, arm_b = ("a", 60 * swing + 45 * (1 - swing), 25), ("a", 125, 100)
    p = dict(hip=(x, 99), t=-86, hd=-88)
    if flip:
        p.update(ln=fwd, lf=back, ff=25, an=arm_b, af=arm_f)
    else:
        p.update(lf=fwd, ln=back, fn=25, af=arm_b, an=arm_f)
    return p


def seated(x=96, **kw):
    """Sitting on a chair seat at y 146, feet flat."""
    p = dict(hip=(x, 135), t=-90, hd=-90, ln=("t", x + 34, ANKLE, "r"),
             an=("j", "knen", -10, -8, "d"))
    p.update(kw)
    return p


def bench(x1, x2, top=140):
    return ("p", 5, "M%d %dH%dM%d %dV177M%d %dV177" % (x1, top, x2, x1 + 8, top, x2 - 8, top))


def handles(j):
    return [("p", 5, "M%sv-7M%sv-7" % (pt(add(j["wrif"], (0, 4))), pt(add(j["wrin"], (0, 4)))))]


def discs(j):
    return [("p", 13, "M%sh0M%sh0" % (pt(j["wrif"]), pt(j["wrin"])))]


def pedals(j):
    out = ""
    for s in "fn":
        a = j["ank" + s]
        out += poly(add(a, (-8, 7)), add(a, (18, 7)))
    return [("p", 4, out)]


def knee_pad(j):
    k = j["knen"]
    return [("p", 6, poly(add(k, (-18, 8)), add(k, (8, 8))) + poly(add(k, (-5, 8)), (k[0] - 5, 177)))]


def ext_lever(j):
    c = add(j["ankn"], vec(j["legn"][1] + 90, 9))
    return [("p", 4, poly(j["knen"], c)), ("p", 10, "M%sh0" % pt(c))]


def curl_lever(j):
    c = add(j["ankn"], vec(j["legn"][1] - 90, 9))
    return [("p", 4, poly(j["knen"], c)), ("p", 10, "M%sh0" % pt(c))]


def top_mat():
    return ("t", 4, "M26 40H294V160H26Z")


# ---------------------------------------------------------------- standing, no equipment
ex("marching-on-the-spot", "Marching on the spot",
   stand(), stand(ln=("a", -2, 88), fn=10, an=("a", 130, 110), af=("a", 50, -10)),
   arrows=[ja("knen", (14, 0), -6, 0.1)])

ex("shoulder-rolls", "Shoulder rolls",
   stand(), stand(t=-92, an=("a", 100, 100), af=("a", 92, 88)),
   arrows=[fixed(arc_arrow((150, 60), 22, 16, -200, 40))])

ex("standing-hip-circles", "Standing hip circles",
   stand(an=("j", "hip", -4, -6, "l"), af=("j", "hip", 4, -6, "l"), ln=("t", 152, ANKLE, "r")),
   stand(hip=(160, 99), t=-98, hd=-92, an=("j", "hip", -4, -6, "l"), af=("j", "hip", 4, -6, "l"),
         ln=("t", 152, ANKLE, "r")),
   arrows=[fixed(arc_arrow((154, 100), 36, 11, -150, 150))])

ex("brisk-walking", "Brisk walking", walk(150, False), walk(150, True),
   arrows=[straight_arrow((205, 60), (250, 60))])

ex("lunge", "Lunge",
   stand(x=140, ln=("t", 140, ANKLE, "r"), lf=("t", 140, ANKLE, "r")),
   dict(hip=(140, 118), t=-90, hd=-90, an=("a", 95, 100), af=("a", 85, 80),
        ln=("t", 182, ANKLE, "r"), lf=("t", 96, ANKLE - 6, "d"), ff=35),
   arrows=[ja("ankn", (0, -14), -8, 0.05), ja("hip", (-24, 0), 0, 0.15)])

ex("supported-split-squat", "Supported split squat",
   dict(hip=(140, 102), t=-90, hd=-90, an=("t", 190, 118, "d"), af=("a", 85, 80),
        ln=("t", 172, ANKLE, "r"), lf=("t", 102, ANKLE - 6, "d"), ff=35),
   dict(hip=(140, 122), t=-88, hd=-90, an=("t", 190, 119, "d"), af=("a", 85, 80),
        ln=("t", 172, ANKLE, "r"), lf=("t", 100, ANKLE - 6, "d"), ff=38),
   back=[chair(186, seat=146, facing=1)], arrows=[ja("hip", (-26, 0), 0, 0.1)])

ex("supported-heel-raise", "Supported heel raise",
   stand(x=140, an=("t", 184, 117, "d"), ln=("t", 140, ANKLE, "r")),
   stand(x=140, hip=(140, 89), an=("t", 186, 117, "d"), ln=("t", 140, ANKLE - 10, "r"), fn=38),
   back=[chair(180, seat=146, facing=1)], arrows=[ja("heeln", (-10, 0), 0, 0.0)])

ex("wall-push-up", "Wall push-up",
   *[dict(hip=(110 + 72 * math.sin(math.radians(a)), ANKLE - 72 * math.cos(math.radians(a))),
          t=-90 + a, hd=-90 + a, an=("t", 190, 66, "d"), ln=("a", 90 + a, 90 + a)) for a in (16, 26)],
   back=[wall(198)], arrows=[ja("head", (0, -18), 0, 0.1)])

ex("quad-stretch", "Quad stretch",
   stand(x=150, af=("t", 212, 70, "d"), ln=("a", 90, 90)),
   stand(x=150, af=("t", 212, 70, "d"), ln=("a", 100, -112), fn=-175, an=("j", "ankn", 0, 2, "l")),
   back=[wall(222)], arrows=[ja("ankn", (-16, 0), 10, 0.1)])

ex("squat-placeholder", "x", stand(), stand())
del EX["squat-placeholder"]

# ---------------------------------------------------------------- standing with equipment
FRONT = dict(sw=11, hw=6, tw=28, ln=("a", 94, 92), lf=("a", 86, 88), fn=0, ff=180)
ex("lateral-raise", "Lateral raise",
   stand(**FRONT, an=("a", 84, 88), af=("a", 96, 92)),
   stand(**FRONT, an=("a", -2, 2), af=("a", 182, 178)),
   attached=[(discs, "over")],
   arrows=[fixed(arc_arrow((161, 68), 44, 44, 80, 10)), fixed(arc_arrow((139, 68), 44, 44, 100, 170))])

ex("elliptical", "Elliptical trainer",
   dict(hip=(140, 86), t=-88, hd=-90, an=("t", 176, 80, "d"), af=("t", 168, 84, "d"),
        ln=("t", 160, ANKLE - 20, "r"), lf=("t", 122, ANKLE - 8, "r"), ff=10),
   dict(hip=(140, 86), t=-88, hd=-90, an=("t", 168, 84, "d"), af=("t", 176, 80, "d"),
        lf=("t", 160, ANKLE - 20, "r"), ln=("t", 122, ANKLE - 8, "r"), fn=10),
   back=[("p", 5, "M96 177H218L206 60M206 72L222 56"), ("p", 4, "M106 177l10-10")],
   attached=[(pedals, "under"), (lambda j: [("p", 4, poly(add(j["wrin"], (0, -8)), (190, 150)))], "under")],
   arrows=[fixed(arc_arrow((141, 160), 26, 8, 200, 340))])

ex("step-machine", "Step machine",
   dict(hip=(140, 88), t=-90, hd=-90, an=("t", 174, 108, "d"), af=("t", 174, 108, "d"),
        ln=("t", 150, ANKLE - 22, "r"), lf=("t", 140, ANKLE - 4, "r")),
   dict(hip=(140, 88), t=-90, hd=-90, an=("t", 174, 108, "d"), af=("t", 174, 108, "d"),
        lf=("t", 150, ANKLE - 22, "r"), ln=("t", 140, ANKLE - 4, "r")),
   back=[("p", 5, "M100 177H212L200 62M202 108H166")],
   attached=[(pedals, "under")],
   arrows=[straight_arrow((118, 140), (118, 160))])

# ---------------------------------------------------------------- water
ex("water-aerobics", "Water aerobics",
   stand(x=160, an=("a", 120, 110), af=("a", 70, 60)),
   stand(x=160, ln=("a", -5, 85), fn=10, an=("a", -20, -30), af=("a", -10, -20)),
   back=[water(78)[0]], front=[water(78)[1]], arrows=[ja("wrin", (0, -8), -12, 0.1)])

# ---------------------------------------------------------------- sitting
ex("sciatic-nerve-glide", "Sciatic nerve glide",
   seated(hd=-70, an=("t", 96, 146, "d"), af=("t", 96, 146, "d")),
   seated(hd=-112, ln=("a", -6, -6), fn=-95, an=("t", 96, 146, "d"), af=("t", 96, 146, "d")),
   back=[chair(62)], arrows=[ja("ankn", (8, 0), -10, 0.1)])

ex("pelvic-floor-squeeze", "Pelvic floor squeeze",
   seated(), seated(), back=[chair(62)], arrows=[straight_arrow((100, 172), (100, 154))])

ex("glute-stretch", "Glute stretch",
   seated(lf=("t", 130, ANKLE, "r"), ln=("j", "knef", 0, -9, "u"), ls=0.62, fn=10,
          an=("j", "knen", 0, -6, "d"), af=("j", "knef", 0, -4, "d")),
   seated(t=-68, hd=-60, lf=("t", 130, ANKLE, "r"), ln=("j", "knef", 0, -9, "u"), ls=0.62, fn=10,
          an=("j", "knen", 0, -6, "d"), af=("j", "knef", 0, -4, "d")),
   back=[chair(62)], arrows=[ja("head", (0, -16), 0, 0.15)])

ex("seated-hamstring-stretch", "Seated hamstring stretch",
   seated(x=104, ln=("t", 176, ANKLE - 4, "u"), fn=-70, lf=("t", 138, ANKLE, "r"),
          an=("j", "knef", 0, -6, "d"), af=("j", "knef", 0, -6, "d")),
   seated(x=104, t=-62, hd=-50, ln=("t", 176, ANKLE - 4, "u"), fn=-70, lf=("t", 138, ANKLE, "r"),
          an=("j", "knen", 0, -8, "d"), af=("j", "knen", 0, -8, "d")),
   back=[chair(74)], arrows=[ja("head", (0, -16), 0, 0.15)])

BALL = dict(hip=(140, 134), t=-90, hd=-90, ln=("t", 176, ANKLE, "r"),
            an=("j", "knen", -10, -8, "d"))
ex("ball-seated-march", "Seated march on a ball",
   dict(BALL), dict(BALL, ln=("t", 180, ANKLE - 14, "r")),
   back=[ball(140, 17)], arrows=[ja("ankn", (14, 0), 0, 0.0)])

# ---------------------------------------------------------------- lying on the back, more
ex("abdominal-brace", "Abdominal brace",
   dict(LIE, an=("j", "hip", -8, -11, "u"), ln=KNEES_BENT),
   dict(LIE, c=-1, an=("j", "hip", -8, -11, "u"), ln=KNEES_BENT),
   back=[mat(50, 250)], arrows=[straight_arrow((134, 128), (134, 146))])

ex("pelvic-tilt", "Pelvic tilt",
   dict(LIE, c=4, an=ARMS_DOWN, ln=KNEES_BENT),
   dict(LIE, c=-1, t=182, an=ARMS_DOWN, ln=KNEES_BENT),
   back=[mat(50, 250)], arrows=[straight_arrow((128, 136), (128, 150))])

ex("knee-to-chest", "Knee-to-chest stretch",
   dict(LIE, an=ARMS_DOWN, ln=KNEES_BENT, lf=("a", 0, 0), ff=-85),
   dict(LIE, an=("j", "knen", 6, 8, "u"), ln=("a", -122, 35), fn=-50, lf=("a", 0, 0), ff=-85),
   back=[mat(50, 250)], arrows=[ja("knen", (-4, -14), -8, 0.1)])

TOP = dict(hip=(170, 100), t=180, hd=180, tw=28, sw=11, hw=6, an=("a", 92, 90), af=("a", -92, -90))
ex("knee-rolls", "Knee rolls",
   dict(TOP, ln=("a", -4, 4), lf=("a", 4, -4), ls=0.62, fn=0, ff=0),
   dict(TOP, ln=("a", 42, 160), lf=("a", 50, 168), fn=170, ff=170),
   back=[top_mat()], top=True, scale=1,
   arrows=[fixed(arc_arrow((180, 100), 54, 40, -20, 40))])

BALL_LIE = dict(hip=(152, 126), ln=("t", 198, ANKLE, "u"), an=("j", "head", -2, -6, "u"))
ex("ball-crunch", "Ball crunch",
   dict(BALL_LIE, t=168, c=4, hd=165), dict(BALL_LIE, t=198, c=-3, hd=218),
   back=[ball(124, 24)], scale=1.15, arrows=[ja("head", (0, -18), -6, 0.1)])

# ---------------------------------------------------------------- lying on the front
def plank(theta, ankle_x=74, hand_x=None):
    r = math.radians(theta)
    ank = (ankle_x, ANKLE - 15 * math.cos(r) + 3)
    hip = (ank[0] + 72 * math.cos(r), ank[1] - 72 * math.sin(r))
    return dict(hip=hip, t=-theta, hd=-theta + 6, an=("t", hand_x, HAND, "u"),
                ln=("a", 180 - theta, 180 - theta), fn=90 - theta)


ex("push-up", "Push-up", plank(25, hand_x=196), plank(10, hand_x=196),
   back=[mat(40, 260)], scale=1.15, arrows=[ja("sh", (0, -18), 0, 0.1)])

PRONE = dict(hip=(150, 165), ln=("a", 180, 180), fn=180, an=("t", 215, HAND, "u"))
ex("prone-press-up", "Press-up from the floor",
   dict(PRONE, t=0, hd=0), dict(PRONE, t=-45, hd=-50, c=4),
   back=[mat(52, 250)], arrows=[ja("head", (18, -6), -8, 0.2)])

# ---------------------------------------------------------------- machines and benches
ex("lat-pulldown", "Lat pulldown",
   seated(x=140, an=("t", 150, 40, "l"), af=("t", 150, 40, "l")),
   seated(x=140, t=-96, an=("t", 154, 96, "d"), af=("t", 154, 96, "d")),
   back=[("p", 5, "M124 146H160M132 146V177M112 177H214M206 177V12M206 14H160"),
         ("p", 6, "M158 124H178")],
   attached=[(lambda j: [("p", 4, poly(add(j["wrin"], (-16, 0)), add(j["wrin"], (14, 0))) + poly(j["wrin"], (160, 16)))], "under")],
   arrows=[ja("wrin", (14, 0), 0, 0.15)])

ex("assisted-pull-up", "Assisted pull-up",
   dict(hip=(140, 115), t=-88, hd=-90, ln=("a", 90, 180), fn=180, an=("t", 172, 34, "d")),
   dict(hip=(140, 92), t=-88, hd=-84, ln=("a", 90, 180), fn=180, an=("t", 172, 34, "d")),
   back=[("p", 5, "M90 177H216M204 177V20M204 30H166")],
   attached=[(knee_pad, "under")], arrows=[ja("head", (-22, 0), 0, 0.0)])

FLY = dict(hip=(160, 126), t=-90, hd=-90, sw=11, hw=6, tw=28, ts=0.4,
           ln=("a", 40, 90), lf=("a", 140, 90), fn=0, ff=180)
ex("chest-fly", "Chest fly (machine)",
   dict(FLY, an=("a", 0, -8), af=("a", 180, 188)),
   dict(FLY, an=("t", 165, 100, "r"), af=("t", 155, 100, "l")),
   back=[("p", 5, "M94 177V24H226V177M134 138H186")],
   attached=[(handles, "over")],
   arrows=[straight_arrow((224, 62), (196, 62)), straight_arrow((96, 62), (124, 62))])

ex("bench-press", "Dumbbell bench press",
   dict(hip=(180, 130), t=180, hd=184, ln=("t", 214, ANKLE, "u"), an=("j", "sh", 18, -14, "d")),
   dict(hip=(180, 130), t=180, hd=184, ln=("t", 214, ANKLE, "u"), an=("a", -88, -90)),
   back=[bench(98, 190)], attached=[(discs, "over")], scale=1.15,
   arrows=[ja("wrin", (18, 0), 0, 0.1)])

ex("incline-press", "Incline dumbbell press",
   dict(hip=(170, 134), t=215, hd=215, ln=("t", 206, ANKLE, "u"), an=("j", "sh", 8, -10, "d")),
   dict(hip=(170, 134), t=215, hd=215, ln=("t", 206, ANKLE, "u"), an=("a", -105, -105)),
   back=[("p", 5, "M118 112L164 145H186M144 131L134 177M176 145V177")],
   attached=[(discs, "over")], scale=1.1, arrows=[ja("wrin", (16, 6), 0, 0.1)])

EXT = dict(hip=(120, 122), t=-98, hd=-92, an=("t", 122, 140, "d"), ln=("a", 0, 90), fn=0)
ex("leg-extension", "Leg extension",
   dict(EXT), dict(EXT, ln=("a", 0, -6), fn=-90),
   back=[("p", 5, "M104 134H160M124 134V177M96 134L92 70")],
   attached=[(ext_lever, "under")], arrows=[ja("ankn", (14, 10), -10, 0.05)])

CURL = dict(hip=(160, 124), t=180, hd=192, an=("t", 94, 131, "u"), ln=("a", 0, 0), fn=90)
ex("leg-curl", "Leg curl",
   dict(CURL), dict(CURL, ln=("a", 0, -100), fn=-10),
   back=[bench(90, 198, 135), ("p", 4, "M198 135V177")],
   attached=[(curl_lever, "under")], scale=1.1, arrows=[ja("ankn", (8, -10), -10, 0.05)])
