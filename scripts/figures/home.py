#!/usr/bin/env python3
"""Draw the home page's picture, static/home.svg: a person doing a gentle
exercise (the bird dog) on a mat at home, by a window and a plant, with a
phone on the floor showing the day's list. The figure is the exercise
pictures' own (figures.py): same proportions, colours, dark colours and
animation, which stops under prefers-reduced-motion and then shows both
positions.

Python 3 standard library only. Run: python3 scripts/figures/home.py
"""
import os
import sys

sys.dont_write_bytecode = True  # keep scripts/figures free of __pycache__

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from figures import DARK, LIGHT, css, drawing  # noqa: E402
from exercises import EX  # noqa: E402

W, H = 480, 284
FLOOR_Y = 262           # the room's floor line
SKY = ("#dcebe8", "#26403d")        # window glass, light and dark
LEAF = ("#4f7f6a", "#7fb59c")       # plant leaves: 3:1 on the panel either way
SCREEN = ("#ffffff", "#111816")     # the phone's screen


def room():
    """The room behind the figure: window, plant, floor, phone."""
    L = LIGHT
    out = []
    # window with its frame and glazing bars
    out.append('<rect class="s" x="46" y="34" width="128" height="98" rx="4" fill="%s"/>' % SKY[0])
    out.append('<path class="p" stroke="%s" stroke-width="5" d="M46 34H174V132H46ZM110 34V132M46 83H174"/>'
               % L["prop"])
    out.append('<path class="p" stroke="%s" stroke-width="6" d="M38 138H182"/>' % L["prop"])
    # plant: pot and leaves
    out.append('<path class="p" stroke="%s" stroke-width="5" d="M404 262L398 222H446L440 262Z"/>' % L["prop"])
    out.append('<path class="v" stroke="%s" stroke-width="6" d="M422 220Q408 186 384 172M422 220Q424 178 414 150'
               'M422 220Q438 184 462 170M422 220Q446 200 468 198M422 220Q400 204 378 204"/>' % LEAF[0])
    # floor, and the mat (the figure's own is left out: it ran under the plant)
    out.append('<path class="f" stroke="%s" stroke-width="4" d="M14 264H466"/>' % L["floor"])
    out.append('<path class="t" stroke="%s" stroke-width="8" d="M104 258H372"/>' % L["mat"])
    # a phone on the floor by the mat, the day's exercises on its screen
    out.append('<rect class="p" x="346" y="243" width="34" height="15" rx="3" stroke="%s" stroke-width="3" '
               'fill="%s" transform="rotate(-6 363 250)"/>' % (L["prop"], SCREEN[0]))
    out.append('<path class="r" stroke="%s" stroke-width="2" d="M352 248H372M352 253H368" '
               'transform="rotate(-6 363 250)"/>' % L["arrow"])
    return out


def main():
    ex = EX["bird-dog"]
    parts, anims, _ = drawing(ex, floor=False)
    parts = [p for p in parts if not p.startswith('<path class="t"')]
    # The exercise pictures stand on y = 176 in a 320 x 200 panel: place
    # this figure on the room's floor, larger, left of the plant.
    scale = 1.35
    tx, ty = 62, FLOOR_Y - 176 * scale
    style = css(anims) + (
        "@media (prefers-color-scheme:dark){.s{fill:%s}.v{stroke:%s}.p[fill]{fill:%s}}"
        % (SKY[1], LEAF[1], SCREEN[1]))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="t" '
           'fill="none" stroke-linecap="round" stroke-linejoin="round">' % (W, H),
           '<title id="t">A person exercising gently at home</title>',
           '<style>%s</style>' % style,
           '<rect class="b" x="2" y="2" width="%d" height="%d" rx="22" fill="%s"/>' % (W - 4, H - 4, LIGHT["panel"])]
    out.extend(room())
    out.append('<g transform="matrix(%s 0 0 %s %s %s)">' % (scale, scale, tx, round(ty, 1)))
    out.extend(parts)
    out.append("</g></svg>\n")
    text = "".join(out)
    path = os.path.join(HERE, "..", "..", "static", "home.svg")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote static/home.svg, %d bytes" % len(text.encode()))


if __name__ == "__main__":
    assert DARK  # the dark colours come with css()
    main()
