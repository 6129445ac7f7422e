#!/usr/bin/env python3
"""Draw the exercise pictures in static/exercises/ from joint positions.

Each exercise is a start pose, an end pose and its props (see exercises.py).
A pose gives the hip position, the torso and head angles and, for each arm
and leg, either two absolute angles or a target for the hand / ankle (solved
with two-link inverse kinematics). The SVG shows the start pose as a light
"ghost" and the end pose as the main figure; with motion allowed a CSS
animation morphs the main figure's paths from start to end and back.

Python 3 standard library only. Run: python3 scripts/figures/figures.py
"""
import math
import re
import os
import sys

sys.dont_write_bytecode = True  # keep scripts/figures free of __pycache__

# ---- geometry (viewBox 320 x 200, floor surface at y = 176) -------------
FLOOR = 176
TORSO = 40      # hip joint to shoulder joint
NECK = 25       # shoulder joint to centre of head
HEAD_W = 20     # head diameter (drawn as a round dot)
TORSO_W = 21
UPPER_ARM, FOREARM = 27, 23
THIGH, SHIN = 36, 36
HEEL, TOE = 3, 15   # foot behind / in front of the ankle
ARM_W, LEG_W, HAND_W, NECK_W = 7, 10, 10, 7
HALO = 4            # panel-coloured edge around the near arm and leg
ANKLE = FLOOR - LEG_W / 2   # ankle height when the foot is flat on the floor
HAND = FLOOR - HAND_W / 2   # hand centre when resting on the floor

# ---- colours -------------------------------------------------------------
LIGHT = dict(panel="#f4f1ea", main="#1f5f5b", ghost="#5e8c88", arrow="#b3541e",
             floor="#b9b3a6", prop="#7d7668", mat="#ddd5c6", water="#8fc0d8",
             water_op=".15", waterline="#5a93b0")
DARK = dict(panel="#1d2624", main="#a9d6cf", ghost="#6f9c97", arrow="#e0884f",
            floor="#5f5a51", prop="#9a9387", mat="#333b38", water="#4f8fb0",
            water_op=".3", waterline="#4f8fb0")


def rad(a):
    return math.radians(a)


def vec(a, length):
    return (length * math.cos(rad(a)), length * math.sin(rad(a)))


def add(p, q):
    return (p[0] + q[0], p[1] + q[1])


def ang(p, q):
    return math.degrees(math.atan2(q[1] - p[1], q[0] - p[0]))


def dist(p, q):
    return math.hypot(q[0] - p[0], q[1] - p[1])


HINTS = {"r": (1, 0), "l": (-1, 0), "u": (0, -1), "d": (0, 1)}


def ik(root, target, a, b, hint):
    """Angles of the two links from root reaching target; the middle joint
    goes towards `hint` (one of r, l, u, d)."""
    d = dist(root, target)
    base = ang(root, target)
    if d >= a + b - 0.01:
        return base, base
    d = max(d, abs(a - b) + 0.01)
    alpha = math.degrees(math.acos((a * a + d * d - b * b) / (2 * a * d)))
    hx, hy = HINTS[hint]
    best = None
    for s in (1, -1):
        a1 = base + s * alpha
        mid = add(root, vec(a1, a))
        score = mid[0] * hx + mid[1] * hy
        if best is None or score > best[0]:
            best = (score, a1, ang(mid, target))
    return best[1], best[2]


def limb_angles(root, spec, a, b, j):
    """spec: ("a", angle1, angle2) | ("t", x, y, hint) | ("j", joint, dx, dy, hint)."""
    if spec[0] == "a":
        return spec[1], spec[2]
    if spec[0] == "j":
        return ik(root, add(j[spec[1]], (spec[2], spec[3])), a, b, spec[4])
    return ik(root, (spec[1], spec[2]), a, b, spec[3])


def solve(p):
    """Joint positions of a pose."""
    t = p["t"]
    if "sh" in p:  # placed by the shoulder instead of the hip
        hip = add(p["sh"], vec(t + 180, TORSO))
    else:
        hip = p["hip"]
    j = {"hip": hip}
    j["sh"] = add(j["hip"], vec(t, TORSO))
    j["head"] = add(j["sh"], vec(p.get("hd", t), NECK))
    j["curve"] = p.get("c", 0)
    # front or top views: arms and legs start apart (sw, hw), limbs pointing
    # at the viewer are drawn shorter (ls legs, ts thighs, as arms)
    ls, ts, am = p.get("ls", 1), p.get("ts", 1), p.get("as", 1)
    sw, hw = p.get("sw", 0), p.get("hw", 0)
    j["tw"] = p.get("tw", TORSO_W)
    for side in "fn":  # far leg first: a near ankle may rest on the far knee
        sign = 1 if side == "n" else -1
        root = add(j["hip"], vec(t + 90, -sign * hw))
        j["lr" + side] = root
        j["ar" + side] = add(j["sh"], vec(t + 90, -sign * sw))
        leg = p.get("l" + side, p.get("ln"))
        th, sh_ = THIGH * ls * ts, SHIN * ls
        l1, l2 = limb_angles(root, leg, th, sh_, j)
        j["kne" + side] = add(root, vec(l1, th))
        j["ank" + side] = add(j["kne" + side], vec(l2, sh_))
        j["leg" + side] = (l1, l2)
        fa = p.get("f" + side, p.get("fn", 0))
        j["heel" + side] = add(j["ank" + side], vec(fa + 180, HEEL))
        j["toe" + side] = add(j["ank" + side], vec(fa, TOE))
        j["foot" + side] = fa
    for side in "nf":
        arm = p.get("a" + side, p.get("an"))
        ua, fa_ = UPPER_ARM * am, FOREARM * am
        a1, a2 = limb_angles(j["ar" + side], arm, ua, fa_, j)
        j["elb" + side] = add(j["ar" + side], vec(a1, ua))
        j["wri" + side] = add(j["elb" + side], vec(a2, fa_))
        j["arm" + side] = (a1, a2)
    return j


def lerp(a, b, u):
    return a + (b - a) * u


def lerp_angle(a, b, u):
    d = (b - a + 180) % 360 - 180
    return a + d * u


def interp(s, e, u):
    """A pose between start s and end e (u from 0 to 1)."""
    js, je = solve(s), solve(e)
    out = {"hip": (lerp(js["hip"][0], je["hip"][0], u), lerp(js["hip"][1], je["hip"][1], u))}
    out["t"] = lerp_angle(s["t"], e["t"], u)
    out["hd"] = lerp_angle(s.get("hd", s["t"]), e.get("hd", e["t"]), u)
    for k, dflt in (("c", 0), ("ls", 1), ("ts", 1), ("as", 1), ("sw", 0), ("hw", 0), ("tw", TORSO_W)):
        out[k] = lerp(s.get(k, dflt), e.get(k, dflt), u)
    for key, jk in (("an", "armn"), ("af", "armf"), ("ln", "legn"), ("lf", "legf")):
        side = key[1]
        default = key[0] + "n"
        sp = s.get(key, s.get(default))
        ep = e.get(key, e.get(default))
        if sp[0] == "t" and ep[0] == "t":
            out[key] = ("t", lerp(sp[1], ep[1], u), lerp(sp[2], ep[2], u), ep[3])
        elif sp[0] == "j" and ep[0] == "j" and sp[1] == ep[1]:
            out[key] = ("j", sp[1], lerp(sp[2], ep[2], u), lerp(sp[3], ep[3], u), ep[4])
        else:
            a = js[jk]
            b = je[jk]
            out[key] = ("a", lerp_angle(a[0], b[0], u), lerp_angle(a[1], b[1], u))
        fk = "f" + side
        out[fk] = lerp_angle(js["foot" + side], je["foot" + side], u)
    return out


# ---- path text -----------------------------------------------------------
def n(v):
    r = round(v)
    return str(int(r))


def n1(v):
    return ("%.1f" % v).rstrip("0").rstrip(".")


def pt(p):
    return n(p[0]) + " " + n(p[1])


def poly(*pts):
    return "M" + "L".join(pt(q) for q in pts)


def dot(p):
    return "M" + pt(p) + "h0"


def towards(p, q, f):
    return (lerp(p[0], q[0], f), lerp(p[1], q[1], f))


def figure_paths(j, attached):
    """(class, stroke-width, d) in drawing order for one figure."""
    sh, hip = j["sh"], j["hip"]
    c = j["curve"]
    mid = towards(hip, sh, 0.5)
    perp = vec(ang(hip, sh) + 90, 2 * c)
    ctrl = add(mid, perp)
    out = []
    out.append(("", ARM_W, poly(j["arf"], j["elbf"], j["wrif"])))
    out.append(("", HAND_W, dot(j["wrif"])))
    out.append(("", LEG_W, poly(j["lrf"], j["knef"], j["ankf"]) + poly(j["heelf"], j["toef"])))
    out.append(("", NECK_W, poly(sh, j["head"])))
    out.append(("", round(j["tw"]), "M" + pt(hip) + "Q" + pt(ctrl) + " " + pt(sh)))
    out.append(("", HEAD_W, dot(j["head"])))
    for kind, where in attached:
        if where == "under":
            out.extend(kind(j))
    hip, sh = j["lrn"], j["arn"]
    legs = [poly(towards(hip, j["kne" + "n"], 0.45), j["knen"], j["ankn"]) + poly(j["heeln"], j["toen"])]
    out.append(("h", LEG_W + 2 * HALO, legs[0]))
    out.append(("", LEG_W, poly(hip, j["knen"], j["ankn"]) + poly(j["heeln"], j["toen"])))
    out.append(("h", ARM_W + 2 * HALO, poly(towards(sh, j["elbn"], 0.45), j["elbn"], j["wrin"])))
    out.append(("", ARM_W, poly(sh, j["elbn"], j["wrin"])))
    out.append(("", HAND_W, dot(j["wrin"])))
    for kind, where in attached:
        if where != "under":
            out.extend(kind(j))
    return out


# ---- arrows --------------------------------------------------------------
def arrow_path(p0, p1, bend=0.0, head=7):
    """A gently curved arrow from p0 to p1 (bend: sideways bulge in px)."""
    mid = towards(p0, p1, 0.5)
    a = ang(p0, p1)
    ctrl = add(mid, vec(a + 90, 2 * bend))
    end_dir = ang(ctrl, p1) if bend else a
    h1 = add(p1, vec(end_dir + 150, head))
    h2 = add(p1, vec(end_dir - 150, head))
    return "M" + pt(p0) + "Q" + pt(ctrl) + " " + pt(p1) + poly(h1, p1, h2)


def joint_arrow(js, je, name, off=(0, 0), bend=0, trim=0.18):
    p0 = add(js[name], off)
    p1 = add(je[name], off)
    a0 = towards(p0, p1, trim)
    a1 = towards(p0, p1, 1 - trim)
    return arrow_path(a0, a1, bend)


# ---- document ------------------------------------------------------------
def nums(d):
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d)]


def close_enough(ds, dm, de, tol=2.5):
    """Is the middle pose within tol px of halfway between start and end?"""
    a, m, b = nums(ds), nums(dm), nums(de)
    return all(abs((x + z) / 2 - y) <= tol for x, y, z in zip(a, m, b))


def css(anims):
    L, D = LIGHT, DARK
    s = []
    if anims:
        s.append("@media (prefers-reduced-motion:no-preference){")
        s.append(".m>*{animation:4s ease-in-out infinite alternate}")
        for i, frames in enumerate(anims):
            mid = "" if frames[1] is None else "50%{d:path('" + frames[1] + "')}"
            ks = "0%,12%{d:path('" + frames[0] + "')}" + mid + "88%,to{d:path('" + frames[2] + "')}"
            s.append("@keyframes k%d{%s}.k%d{animation-name:k%d}" % (i, ks, i, i))
        s.append("}")
    s.append("@media (prefers-color-scheme:dark){")
    s.append(".b{fill:%s}.h{stroke:%s}.m{stroke:%s}.g{stroke:%s}.r{stroke:%s}"
             ".f{stroke:%s}.p{stroke:%s}.t{stroke:%s}.w{fill:%s;fill-opacity:%s}.l{stroke:%s}"
             % (D["panel"], D["panel"], D["main"], D["ghost"], D["arrow"], D["floor"],
                D["prop"], D["mat"], D["water"], D["water_op"], D["waterline"]))
    s.append("}")
    return "".join(s)


def drawing(ex, floor=True):
    """The picture's elements (all but the panel) and its animations."""
    s, e = ex["start"], ex["end"]
    js, je = solve(s), solve(e)
    jm = solve(interp(s, e, 0.5))
    att = ex.get("attached", [])
    fs, fm, fe = figure_paths(js, att), figure_paths(jm, att), figure_paths(je, att)
    L = LIGHT
    parts = []
    back = ex.get("back", [])
    front = ex.get("front", [])
    scale = ex.get("scale", 1)
    if floor and not ex.get("top"):
        parts.append(elem(*back[0]))  # the floor line is never scaled
    if scale != 1:
        tx, ty = 160 * (1 - scale), FLOOR * (1 - scale)
        parts.append('<g transform="matrix(%s 0 0 %s %s %s)">' % (scale, scale, n1(tx), n1(ty)))
    for cls, w, d in back[1:]:
        parts.append(elem(cls, w, d))
    # ghost (start) then main (end)
    same = [a == b for (_, _, a), (_, _, b) in zip(fs, fe)]
    g = ['<g class="g" stroke="%s">' % L["ghost"]]
    for (cls, w, d), eq in zip(fs, same):
        if eq and not ex.get("ghost_all"):
            continue  # identical to the main figure: hidden under it anyway
        g.append(fig_elem(cls, w, d))
    g.append("</g>")
    if len(g) > 2:
        parts.extend(g)
    m = ['<g class="m" stroke="%s">' % L["main"]]
    anims = []
    for i, ((cls, w, d), (_, _, dm), (_, _, ds)) in enumerate(zip(fe, fm, fs)):
        if d == ds and d == dm:
            m.append(fig_elem(cls, w, d))
            continue
        k = "k%d" % len(anims)
        anims.append((ds, None if close_enough(ds, dm, d) else dm, d))
        m.append(fig_elem(cls, w, d, k))
    m.append("</g>")
    parts.extend(m)
    for cls, w, d in front:
        parts.append(elem(cls, w, d))
    for a in ex.get("arrows", []):
        d = a(js, je) if callable(a) else a
        parts.append(elem("r", 3, d))
    if scale != 1:
        parts.append("</g>")
    return parts, anims, (js, jm, je)


def svg(ex):
    parts, anims, poses = drawing(ex)
    panel = '<rect class="b" x="2" y="2" width="316" height="196" rx="18" fill="%s"/>' % LIGHT["panel"]
    head = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" role="img" '
            'aria-labelledby="t" fill="none" stroke-linecap="round" stroke-linejoin="round">'
            '<title id="t">%s</title><style>%s</style>' % (ex["name"], css(anims)))
    return head + panel + "".join(parts) + "</svg>\n", poses


# ---- thumbnails ------------------------------------------------------------
# A small still picture for lists (static/exercises/thumbs/): the same start
# ghost, end figure, props and arrows, with no animation, cropped to the
# figure and its props so it reads at 64 x 48 px. Shown with alt="" beside
# the exercise's name.
THUMB_W, THUMB_H = 4, 3          # aspect ratio of every thumbnail
THUMB_PAD = 10                   # px of panel around the drawing
THUMB_ARROW = 5                  # arrows drawn thicker so they survive shrinking

_TOKEN = re.compile(r"[MmLlHhVvQqTtCcSsAaZz]|-?(?:\d+\.?\d*|\.\d+)")


def path_points(d):
    """Every end and control point of a path, and arc extremes (roughly)."""
    toks = _TOKEN.findall(d)
    pts, i = [], 0
    cur, start, cmd = (0.0, 0.0), (0.0, 0.0), "M"
    counts = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "Q": 4, "S": 4, "C": 6, "A": 7, "Z": 0}
    while i < len(toks):
        if toks[i].isalpha():
            cmd = toks[i]
            i += 1
            if cmd in "Zz":
                cur = start
                continue
        up = cmd.upper()
        rel = cmd.islower()
        k = counts[up]
        args = [float(x) for x in toks[i:i + k]]
        if len(args) < k:
            break
        i += k
        ox, oy = cur if rel else (0.0, 0.0)
        if up == "H":
            cur = (args[0] + (cur[0] if rel else 0), cur[1])
            pts.append(cur)
        elif up == "V":
            cur = (cur[0], args[0] + (cur[1] if rel else 0))
            pts.append(cur)
        elif up == "A":
            end = (args[5] + ox, args[6] + oy)
            mid = ((cur[0] + end[0]) / 2, (cur[1] + end[1]) / 2)
            pts += [end, (mid[0] - args[0], mid[1] - args[1]), (mid[0] + args[0], mid[1] + args[1])]
            cur = end
        else:
            pairs = [(args[j] + ox, args[j + 1] + oy) for j in range(0, k, 2)]
            pts += pairs
            cur = pairs[-1]
            if up == "M":
                start = cur
                cmd = "l" if rel else "L"  # further pairs after M are lines
    return pts


def thumb(ex):
    s, e = ex["start"], ex["end"]
    js, je = solve(s), solve(e)
    att = ex.get("attached", [])
    fs, fe = figure_paths(js, att), figure_paths(je, att)
    L = LIGHT
    scale = ex.get("scale", 1)
    tx, ty = 160 * (1 - scale), FLOOR * (1 - scale)
    box = [1e9, 1e9, -1e9, -1e9]

    def grow(d, w, scaled=True):
        for x, y in path_points(d):
            if scaled:
                x, y = x * scale + tx, y * scale + ty
            r = w * (scale if scaled else 1) / 2
            box[0], box[1] = min(box[0], x - r), min(box[1], y - r)
            box[2], box[3] = max(box[2], x + r), max(box[3], y + r)

    inner = []
    back = ex.get("back", [])
    for cls, w, d in back[1:]:
        inner.append(elem(cls, w, d))
        if cls not in ("t", "w"):  # mats and water are context: not cropped to
            grow(d, w)
    same = [a == b for (_, _, a), (_, _, b) in zip(fs, fe)]
    g = ['<g class="g" stroke="%s">' % L["ghost"]]
    for (cls, w, d), eq in zip(fs, same):
        if eq and not ex.get("ghost_all"):
            continue
        g.append(fig_elem(cls, w, d))
        grow(d, w)
    g.append("</g>")
    if len(g) > 2:
        inner.extend(g)
    inner.append('<g class="m" stroke="%s">' % L["main"])
    for cls, w, d in fe:
        inner.append(fig_elem(cls, w, d))
        grow(d, w)
    inner.append("</g>")
    for cls, w, d in ex.get("front", []):
        inner.append(elem(cls, w, d))
        if cls not in ("t", "w", "l"):
            grow(d, w)
    for a in ex.get("arrows", []):
        d = a(js, je) if callable(a) else a
        inner.append(elem("r", THUMB_ARROW, d))
        grow(d, THUMB_ARROW)
    if not ex.get("top"):
        # The floor stays in view under the figure.
        box[3] = max(box[3], FLOOR + 4)
    # Pad, then widen or heighten to the thumbnail's aspect, centred.
    x0, y0, x1, y1 = box[0] - THUMB_PAD, box[1] - THUMB_PAD, box[2] + THUMB_PAD, box[3] + THUMB_PAD
    w, h = x1 - x0, y1 - y0
    if w * THUMB_H < h * THUMB_W:
        grow_w = h * THUMB_W / THUMB_H - w
        x0, w = x0 - grow_w / 2, w + grow_w
    else:
        grow_h = w * THUMB_H / THUMB_W - h
        # keep the floor near the bottom: add the extra height above
        y0, h = y0 - grow_h, h + grow_h
    vb = "%s %s %s %s" % (n1(x0), n1(y0), n1(w), n1(h))
    panel = ('x="%s" y="%s" width="%s" height="%s" rx="%s"'
             % (n1(x0), n1(y0), n1(w), n1(h), n1(w / 10)))
    # Mats and water run past the crop: everything is clipped to the panel.
    parts = ['<clipPath id="c"><rect %s/></clipPath>' % panel,
             '<rect class="b" %s fill="%s"/><g clip-path="url(#c)">' % (panel, L["panel"])]
    if not ex.get("top"):
        parts.append('<path class="f" stroke="%s" stroke-width="4" d="M%s 178H%s"/>'
                     % (L["floor"], n1(x0 + w * 0.04), n1(x0 + w * 0.96)))
    if scale != 1:
        parts.append('<g transform="matrix(%s 0 0 %s %s %s)">' % (scale, scale, n1(tx), n1(ty)))
    parts.extend(inner)
    if scale != 1:
        parts.append("</g>")
    parts.append("</g>")
    head = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="%s" fill="none" '
            'stroke-linecap="round" stroke-linejoin="round"><style>%s</style>' % (vb, css([])))
    return head + "".join(parts) + "</svg>\n"


COLOUR = {"r": "arrow", "f": "floor", "p": "prop", "t": "mat", "l": "waterline"}


def elem(cls, w, d):
    if cls == "w":
        return '<path class="w" fill="%s" fill-opacity="%s" d="%s"/>' % (
            LIGHT["water"], LIGHT["water_op"], d)
    if cls == "pf":  # filled prop (e.g. a ball) in the panel colour, outlined
        return '<path class="p b" fill="%s" stroke="%s" stroke-width="%s" d="%s"/>' % (
            LIGHT["panel"], LIGHT["prop"], w, d)
    return '<path class="%s" stroke="%s" stroke-width="%s" d="%s"/>' % (
        cls, LIGHT[COLOUR[cls]], w, d)


def fig_elem(cls, w, d, k=None):
    classes = " ".join(c for c in (cls, k) if c)
    extra = ""
    if cls == "h":
        extra = ' stroke="%s"' % LIGHT["panel"]
    elif cls == "p":
        extra = ' stroke="%s"' % LIGHT["prop"]
    c = ' class="%s"' % classes if classes else ""
    return '<path%s%s stroke-width="%s" d="%s"/>' % (c, extra, w, d)


def check(slug, poses):
    """Warn about limbs through the floor."""
    problems = []
    for label, j in zip(("start", "mid", "end"), poses):
        for name, p in j.items():
            if not isinstance(p, tuple) or len(p) != 2 or not isinstance(p[0], float) and not isinstance(p[0], int):
                continue
            if name.startswith(("arm", "leg")):
                continue
            r = {"head": HEAD_W / 2, "hip": TORSO_W / 2, "sh": TORSO_W / 2}.get(name, LEG_W / 2)
            if name.startswith(("wri",)):
                r = HAND_W / 2
            if name.startswith("elb"):
                r = ARM_W / 2
            if p[1] + r > FLOOR + 3:
                problems.append("%s %s %s below floor by %.1f" % (label, name, pt(p), p[1] + r - FLOOR))
    for pr in problems:
        print("  %s: %s" % (slug, pr), file=sys.stderr)
    return problems


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    from exercises import EX as EXERCISES
    out_dir = os.path.join(here, "..", "..", "static", "exercises")
    thumb_dir = os.path.join(out_dir, "thumbs")
    os.makedirs(thumb_dir, exist_ok=True)
    only = set(argv[1:])
    total, thumbs, largest = 0, 0, ("", 0)
    for slug, ex in EXERCISES.items():
        if only and slug not in only:
            continue
        text, poses = svg(ex)
        if not ex.get("floor_ok"):
            check(slug, poses)
        path = os.path.join(out_dir, slug + ".svg")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        small = thumb(ex)
        with open(os.path.join(thumb_dir, slug + ".svg"), "w", encoding="utf-8") as f:
            f.write(small)
        size = len(text.encode())
        total += size
        thumbs += len(small.encode())
        if size > largest[1]:
            largest = (slug, size)
    print("wrote %d files, %d bytes in total, largest %s (%d bytes); thumbnails %d bytes"
          % (len(only) or len(EXERCISES), total, largest[0], largest[1], thumbs))


if __name__ == "__main__":
    main(sys.argv)
