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
    d = "M4 %d" % y + "q10-5 20 0t20 0" * 1 + "t20 0" * 14 + "V177H4Z"
    return ("w", 0, d)


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
   back=[mat(40, 250)], arrows=[ja("sh", (0, -16), 0)])

# ---------------------------------------------------------------- side lying
SIDE = dict(hip=(170, 162), t=180, hd=182, af=("a", 178, 180), an=("t", 140, HAND, "u"),
            lf=("a", 12, 180), ff=180)
ex("side-lying-clam", "Side-lying clam",
   dict(SIDE, ln=("a", 4, 174), fn=176),
   dict(SIDE, ln=("t", 167, 161, "u"), fn=176),
   back=[mat(40, 270)], arrows=[ja("knen", (10, -4), -8, 0.1)])

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
   front=[water(104)], arrows=[lambda js, je: arrow_path((200, 60), (240, 60), 0)])
