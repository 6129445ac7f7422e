#!/usr/bin/env python3
"""Writes a benchmark content folder: a copy of the shipped content plus N
synthetic guides (valid front matter, internal links only to pages that
exist), so the load test shows how cost grows with content.

usage: gen_corpus.py SHIPPED_CONTENT_DIR OUT_DIR [N]
"""
import os
import random
import re
import shutil
import sys

SHIPPED, OUT = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 500

rng = random.Random(8)  # same corpus every run

if os.path.exists(OUT):
    shutil.rmtree(OUT)
shutil.copytree(SHIPPED, OUT)

guide_dir = os.path.join(OUT, "guides")
shipped_slugs = sorted(f[:-3] for f in os.listdir(guide_dir) if f.endswith(".md"))
shipped_tags = set()
for slug in shipped_slugs:
    with open(os.path.join(guide_dir, slug + ".md"), encoding="utf-8") as fh:
        m = re.search(r"^tags = \[(.*)\]$", fh.read(), re.M)
        if m:
            shipped_tags.update(t.strip().strip('"') for t in m.group(1).split(",") if t.strip())
with open(os.path.join(OUT, "exercises.toml"), encoding="utf-8") as fh:
    exercise_slugs = re.findall(r'^slug = "([a-z0-9-]+)"', fh.read(), re.M)

TAGS = sorted(shipped_tags | {"walking", "stretching", "sleep", "posture", "work", "travel"})
TOPICS = ["walking", "stretching", "sitting", "sleep", "lifting", "gardening", "driving",
          "swimming", "yoga", "desk work", "travel", "housework", "cycling", "standing"]
WORDS = ("gentle stretch back pain move slowly breathe hold keep knees hips spine core "
         "muscles walk rest sit stand bend lift easy steady calm daily short routine "
         "warm cool body week minutes strong comfort support chair floor mat towel wall "
         "doctor physiotherapist check stop ease tight loose relax posture habit").split()
SECTIONS = ["Why it helps", "Before you start", "How to do it", "When to stop",
            "Making it part of your day", "Common questions", "What to expect",
            "Small changes that add up", "If it hurts", "Next steps"]


def sentence():
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def paragraph():
    return " ".join(sentence() for _ in range(rng.randint(3, 6)))


def link(slugs_so_far):
    kind = rng.randrange(5)
    if kind == 0:
        return f"[a related guide](/guides/{rng.choice(shipped_slugs)})"
    if kind == 1 and slugs_so_far:
        return f"[an earlier guide](/guides/{rng.choice(slugs_so_far)})"
    if kind == 2:
        return f"[guides on this topic](/tags/{rng.choice(sorted(shipped_tags))})"
    if kind == 3 and exercise_slugs:
        return f"[this exercise](/exercises/{rng.choice(exercise_slugs)})"
    return "[the routine builder](/routine)"


written = []
for i in range(N):
    topic = rng.choice(TOPICS)
    slug = f"bench-{i:03d}-{topic.replace(' ', '-')}"
    title = f"{topic.capitalize()} with a sore back, part {i + 1}"
    summary = f"Synthetic benchmark guide {i + 1} about {topic}: how to stretch, move and rest with lower back pain."
    year = 2024 + i % 3
    date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    tags = rng.sample(TAGS, rng.randint(1, 3))
    body = [paragraph(), ""]
    for section in rng.sample(SECTIONS, rng.randint(3, 6)):
        body += [f"## {section}", "", paragraph() + " See " + link(written) + ".", ""]
        if rng.random() < 0.5:
            body += [f"- {sentence()}" for _ in range(rng.randint(2, 5))] + [""]
        body += [paragraph(), ""]
    text = "+++\n"
    text += f'title = "{title}"\nsummary = "{summary}"\ndate = {date}\n'
    text += "tags = [" + ", ".join(f'"{t}"' for t in tags) + "]\n"
    text += "+++\n\n" + "\n".join(body)
    with open(os.path.join(guide_dir, slug + ".md"), "w", encoding="utf-8") as fh:
        fh.write(text)
    written.append(slug)

print(f"{len(shipped_slugs)} shipped + {N} synthetic guides in {OUT}")
