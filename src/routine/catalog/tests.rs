//! Tests of parsing and checking a catalog, on small catalogs written here.

use super::*;

fn any_asset(_: &str) -> bool {
    true
}

const GOOD: &str = r#"
[[exercise]]
slug = "marching-on-the-spot"
name = "Marching on the spot"
summary = "Lift your knees in turn."
category = "warmup"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Stand tall.", "March."]
safety = "Go at an easy pace."
dosage = { unit = "minutes", weeks = [[1], [1], [2], [2]] }
why = "Warms you up."
cautions = ["Hold a chair if you feel unsteady."]
illustration = "exercises/marching-on-the-spot.svg"
alt = "A person marching."
cooldown = true

[[exercise]]
slug = "abdominal-brace"
name = "Abdominal brace"
summary = "Tighten your tummy."
category = "core"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Lie down.", "Tighten."]
safety = "Keep breathing."
dosage = { unit = "hold", weeks = [[5, 5], [5, 6], [8, 6], [10, 6]] }
why = "Core."
cautions = ["Do not hold your breath."]
illustration = "exercises/abdominal-brace.svg"
alt = "A person lying down."

[[exercise]]
slug = "glute-stretch"
name = "Glute stretch"
summary = "Stretch your seat."
category = "stretch"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Sit.", "Cross a leg."]
safety = "Gently."
dosage = { unit = "hold", weeks = [[5, 3], [5, 4], [8, 4], [10, 4]], per_side = true }
why = "Loosens hips."
cautions = ["Stop if your knee hurts."]
illustration = "exercises/glute-stretch.svg"
alt = "A person sitting."

[[exercise]]
slug = "brisk-walking"
name = "Brisk walking"
summary = "Walk."
category = "cardio"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Walk.", "Faster."]
safety = "Good shoes."
dosage = { unit = "minutes", weeks = [[10], [12], [15], [20]] }
why = "Heart."
cautions = ["Flat ground first."]
illustration = "exercises/brisk-walking.svg"
alt = "A person walking."

[[exercise]]
slug = "squat"
name = "Squat"
summary = "Sit back and stand."
category = "strength"
equipment = []
load = "bodyweight"
tags = []
intensity = 2
position = "standing"
balance = false
steps = ["Stand.", "Sit back."]
safety = "Brace your abdominals first."
dosage = { unit = "reps", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }
why = "Legs."
cautions = ["Knees over toes."]
illustration = "exercises/squat.svg"
alt = "A person squatting."

[[exercise]]
slug = "pelvic-floor-squeeze"
name = "Pelvic floor squeeze"
summary = "Squeeze and lift."
category = "core"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "sitting"
balance = false
steps = ["Sit.", "Squeeze."]
safety = "Keep breathing."
dosage = { unit = "hold", weeks = [[3, 8], [5, 8], [5, 10], [8, 10]] }
why = "Pelvic floor."
cautions = ["Do not stop your pee midway."]
illustration = "exercises/pelvic-floor-squeeze.svg"
alt = "A person sitting."
cooldown = true

[[exercise]]
slug = "sciatic-nerve-glide"
name = "Sciatic nerve glide"
summary = "Slide the nerve."
category = "warmup"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "sitting"
balance = false
steps = ["Sit.", "Straighten and bend the knee."]
safety = "Keep it small."
dosage = { unit = "reps", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]], per_side = true }
why = "Sciatica."
cautions = ["Make it smaller if the leg tingles."]
illustration = "exercises/sciatic-nerve-glide.svg"
alt = "A person sitting."

[[exercise]]
slug = "running"
name = "Running"
summary = "High impact."
category = "cardio"
tags = ["impact"]
avoid = true
avoid_reason = "Jolts the spine."
instead = ["brisk-walking"]
"#;

#[test]
fn a_good_catalog_parses() {
    let catalog = Catalog::parse(GOOD, "x.toml", &any_asset).unwrap();
    assert_eq!(catalog.exercises().len(), 7);
    assert_eq!(catalog.avoided().len(), 1);
    assert!(matches!(catalog.entry("running"), Some(Entry::Avoided(_))));
    assert!(matches!(catalog.entry("squat"), Some(Entry::Exercise(_))));
    assert!(catalog.entry("nope").is_none());
    let glute = catalog.exercise("glute-stretch").unwrap();
    assert!(glute.dosage.per_side);
    assert_eq!(
        glute.dosage.weeks[0],
        Dose::Hold {
            seconds: 5,
            reps: 3
        }
    );
}

fn problems_of(text: &str, assets: &dyn Fn(&str) -> bool) -> Vec<String> {
    Catalog::parse(text, "x.toml", assets)
        .unwrap_err()
        .into_iter()
        .map(|p| p.to_string())
        .collect()
}

#[track_caller]
fn assert_problem(problems: &[String], needles: &[&str]) {
    assert!(
        problems
            .iter()
            .any(|p| needles.iter().all(|n| p.contains(n))),
        "no problem mentions {needles:?}: {problems:#?}"
    );
}

#[test]
fn missing_fields_are_named_with_the_entry_and_line() {
    let text = GOOD.replacen("why = \"Legs.\"\n", "", 1);
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &["exercise `squat`", "field `why`", "is missing"],
    );
    // The line is where the entry starts.
    let line = text
        .lines()
        .position(|l| l.contains("slug = \"squat\""))
        .unwrap();
    assert_problem(&problems, &[&format!("x.toml:{line}:")]);
}

#[test]
fn unknown_tags_categories_and_equipment_are_refused() {
    let text = GOOD
            .replacen("tags = []\nintensity = 2", "tags = [\"twisting\"]\nintensity = 2", 1)
            .replacen("category = \"stretch\"", "category = \"stretches\"", 1)
            .replacen(
                "slug = \"brisk-walking\"\nname = \"Brisk walking\"\nsummary = \"Walk.\"\ncategory = \"cardio\"\nequipment = []",
                "slug = \"brisk-walking\"\nname = \"Brisk walking\"\nsummary = \"Walk.\"\ncategory = \"cardio\"\nequipment = [\"treadmill\"]",
                1,
            );
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &["exercise `squat`", "field `tags`", "`twisting`"],
    );
    assert_problem(
        &problems,
        &[
            "exercise `glute-stretch`",
            "field `category`",
            "`stretches`",
        ],
    );
    assert_problem(
        &problems,
        &[
            "exercise `brisk-walking`",
            "field `equipment`",
            "`treadmill`",
        ],
    );
}

#[test]
fn a_missing_illustration_is_refused() {
    let problems = problems_of(GOOD, &|path: &str| path != "exercises/squat.svg");
    assert_problem(
        &problems,
        &[
            "exercise `squat`",
            "field `illustration`",
            "static/exercises/squat.svg does not exist",
        ],
    );
}

#[test]
fn strength_needs_the_brace_cue() {
    let text = GOOD.replacen("Brace your abdominals first.", "Go slowly.", 1);
    let problems = problems_of(&text, &any_asset);
    assert_problem(&problems, &["exercise `squat`", "field `safety`", "brace"]);
}

#[test]
fn dosage_must_have_four_weeks_that_never_get_easier() {
    let text = GOOD.replacen(
        "[[1, 5], [1, 8], [2, 8], [2, 10]]",
        "[[1, 5], [1, 8], [2, 8]]",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &["`squat`", "dosage.weeks", "exactly 4"],
    );
    let text = GOOD.replacen(
        "[[1, 5], [1, 8], [2, 8], [2, 10]]",
        "[[2, 8], [1, 5], [2, 8], [2, 10]]",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &["`squat`", "dosage.weeks", "easier"],
    );
}

#[test]
fn avoided_moves_need_a_reason_and_real_alternatives() {
    let text = GOOD
        .replacen("avoid_reason = \"Jolts the spine.\"\n", "", 1)
        .replacen(
            "instead = [\"brisk-walking\"]",
            "instead = [\"jogging\"]",
            1,
        );
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &["exercise `running`", "field `avoid_reason`", "missing"],
    );
    let text = GOOD.replacen(
        "instead = [\"brisk-walking\"]",
        "instead = [\"jogging\"]",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &["`running`", "field `instead`", "`jogging`"],
    );
}

#[test]
fn duplicate_slugs_and_unknown_keys_are_refused() {
    let text = GOOD.replacen("slug = \"glute-stretch\"", "slug = \"squat\"", 1);
    assert_problem(
        &problems_of(&text, &any_asset),
        &["`squat`", "field `slug`", "earlier"],
    );
    let text = GOOD.replacen("intensity = 2", "intensity = 2\ncolour = \"red\"", 1);
    assert_problem(&problems_of(&text, &any_asset), &["colour"]);
}

#[test]
fn a_catalog_without_a_safe_choice_for_some_part_is_refused() {
    let text = GOOD.replacen(
        "category = \"cardio\"\nequipment = []",
        "category = \"cardio\"\nequipment = [\"pool\"]",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &["low-impact cardio exercise"],
    );
}

#[test]
fn every_combination_of_restrictions_needs_a_safe_choice_for_each_part() {
    // The only warm-up needs balance: a gap for people at risk of falls,
    // reported once, not again for each combination that adds to it.
    let text = GOOD.replacen("balance = false", "balance = true", 1);
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &[
            "warm-up exercise",
            "for plans with: no moves that need balance",
        ],
    );
    assert_eq!(
        problems.iter().filter(|p| p.contains("warm-up")).count(),
        1,
        "{problems:#?}"
    );

    // The only bodyweight strength move is done lying on the front: none
    // left in pregnancy.
    let text = GOOD.replacen(
        "intensity = 2\nposition = \"standing\"",
        "intensity = 2\nposition = \"lying-front\"",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            "bodyweight strength exercise",
            "intensity 2 or less",
            "for plans with: pregnancy (no lying on the back or front, no crunches)",
        ],
    );

    // The only cardio twists the back: none left when rotation is out.
    let text = GOOD.replacen(
        "category = \"cardio\"\nequipment = []\nload = \"bodyweight\"\ntags = []",
        "category = \"cardio\"\nequipment = []\nload = \"bodyweight\"\ntags = [\"rotation\"]",
        1,
    );
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &[
            "low-impact cardio exercise",
            "for plans with: no tag rotation",
        ],
    );
    assert!(
        !problems
            .iter()
            .any(|p| p.contains("cardio") && p.contains("flexion")),
        "{problems:#?}"
    );

    // The pelvic floor squeeze is core work, but the planner adds it only
    // for some people: it is no choice for everyone's core block.
    let text = GOOD.replacen(
            "tags = []\nintensity = 1\nposition = \"standing\"\nbalance = false\nsteps = [\"Lie down.\"",
            "tags = []\nintensity = 2\nposition = \"standing\"\nbalance = false\nsteps = [\"Lie down.\"",
            1,
        );
    let problems = problems_of(&text, &any_asset);
    assert_problem(&problems, &["core exercise", "has intensity 1"]);
    assert!(
        !problems.iter().any(|p| p.contains("for plans with")),
        "{problems:#?}"
    );
}

#[test]
fn exercises_the_planner_adds_must_exist_and_pass_every_filter() {
    let text = GOOD
        .replacen(
            "slug = \"sciatic-nerve-glide\"",
            "slug = \"nerve-glide\"",
            1,
        )
        .replacen(
            "exercises/sciatic-nerve-glide.svg",
            "exercises/nerve-glide.svg",
            1,
        );
    assert_problem(
        &problems_of(&text, &any_asset),
        &["`sciatic-nerve-glide` is missing", "every session"],
    );

    let squeeze = GOOD.find("slug = \"pelvic-floor-squeeze\"").unwrap();
    let (before, after) = GOOD.split_at(squeeze);
    let after = after
        .replacen("intensity = 1", "intensity = 2", 1)
        .replacen("position = \"sitting\"", "position = \"lying-back\"", 1)
        .replacen("balance = false", "balance = true", 1)
        .replacen("tags = []", "tags = [\"flexion\"]", 1)
        .replacen("equipment = []", "equipment = [\"mat\"]", 1);
    let problems = problems_of(&format!("{before}{after}"), &any_asset);
    for field in ["intensity", "position", "balance", "tags", "equipment"] {
        assert_problem(
            &problems,
            &[
                "exercise `pelvic-floor-squeeze`",
                &format!("field `{field}`"),
                "every session of some plans",
            ],
        );
    }
    // The problems point at the entry.
    let line = before.lines().count();
    assert_problem(&problems, &[&format!("x.toml:{line}:"), "field `balance`"]);
}

/// One entry for the variant tests: everything a strength move needs,
/// plus `extra` (equipment, intensity, position, balance, family and
/// the links).
fn variant_entry(slug: &str, category: &str, extra: &str) -> String {
    format!(
        r#"
[[exercise]]
slug = "{slug}"
name = "{slug}"
summary = "A move."
category = "{category}"
load = "bodyweight"
tags = []
steps = ["Start.", "Move."]
safety = "Brace your abdominals first."
dosage = {{ unit = "reps", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }}
why = "Strength."
cautions = ["Go slowly."]
illustration = "exercises/{slug}.svg"
alt = "A person moving."
{extra}
"#
    )
}

/// `GOOD` plus three real chains, each leaning on one of the rules left
/// to the planner: the push-ups (the wall push-up needs a wall, the
/// push-up lies on the front), the lunge (needs balance) and the
/// hamstring stretches (the easier one lies on the back and needs a
/// towel or a wall).
fn with_chains() -> String {
    let entries = [
        variant_entry(
            "wall-push-up",
            "strength",
            "equipment = [\"wall\"]\nintensity = 1\nposition = \"standing\"\nbalance = false\nfamily = \"chest\"\nharder = \"knee-push-up\"",
        ),
        variant_entry(
            "knee-push-up",
            "strength",
            "equipment = []\nintensity = 2\nposition = \"kneeling\"\nbalance = false\nfamily = \"chest\"\neasier = \"wall-push-up\"\nharder = \"push-up\"",
        ),
        variant_entry(
            "push-up",
            "strength",
            "equipment = []\nintensity = 3\nposition = \"lying-front\"\nbalance = false\nfamily = \"chest\"\neasier = \"knee-push-up\"",
        ),
        variant_entry(
            "supported-split-squat",
            "strength",
            "equipment = []\nintensity = 2\nposition = \"standing\"\nbalance = false\nfamily = \"lunge\"\nharder = \"lunge\"",
        ),
        variant_entry(
            "lunge",
            "strength",
            "equipment = []\nintensity = 3\nposition = \"standing\"\nbalance = true\nfamily = \"lunge\"\neasier = \"supported-split-squat\"",
        ),
        variant_entry(
            "hamstring-stretch",
            "stretch",
            "equipment = []\nequipment_any = [\"towel\", \"wall\"]\nintensity = 1\nposition = \"lying-back\"\nbalance = false\ncooldown = true\nfamily = \"hamstring-stretch\"\nharder = \"seated-hamstring-stretch\"",
        ),
        variant_entry(
            "seated-hamstring-stretch",
            "stretch",
            "equipment = []\nintensity = 1\nposition = \"sitting\"\nbalance = false\ncooldown = true\nfamily = \"hamstring-stretch\"\neasier = \"hamstring-stretch\"",
        ),
    ];
    format!("{GOOD}{}", entries.concat())
}

/// `text` with the first `from` after `slug`'s entry starts replaced.
fn edit(text: &str, slug: &str, from: &str, to: &str) -> String {
    let start = text
        .find(&format!("slug = \"{slug}\""))
        .unwrap_or_else(|| panic!("no entry {slug}"));
    let (before, after) = text.split_at(start);
    assert!(after.contains(from), "{slug} has no {from:?}");
    format!("{before}{}", after.replacen(from, to, 1))
}

/// `x.toml:<line>:` for the first line of `slug`'s entry that holds
/// `needle`.
fn at_line(text: &str, slug: &str, needle: &str) -> String {
    let slug_line = text
        .lines()
        .position(|l| l == format!("slug = \"{slug}\""))
        .unwrap_or_else(|| panic!("no entry {slug}"));
    let line = text
        .lines()
        .enumerate()
        .skip(slug_line)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{slug} has no {needle:?}"));
    format!("x.toml:{line}:")
}

#[test]
fn real_chains_parse_with_their_links() {
    let catalog = Catalog::parse(&with_chains(), "x.toml", &any_asset).unwrap();
    let knees = catalog.exercise("knee-push-up").unwrap();
    assert_eq!(knees.easier.as_deref(), Some("wall-push-up"));
    assert_eq!(knees.harder.as_deref(), Some("push-up"));
    let squat = catalog.exercise("squat").unwrap();
    assert_eq!(
        (squat.easier.as_deref(), squat.harder.as_deref()),
        (None, None)
    );
}

#[test]
fn a_link_names_another_exercise_that_may_be_prescribed() {
    let good = with_chains();
    for (slug, wrong, message) in [
        ("nope", "nope", "`nope` is not an exercise in this catalog"),
        ("running", "running", "`running` is on the avoid-list"),
        ("knee-push-up", "knee-push-up", "names this exercise itself"),
        ("Push Up", "Push Up", "`Push Up` is not an exercise slug"),
    ] {
        let text = edit(
            &good,
            "knee-push-up",
            "harder = \"push-up\"",
            &format!("harder = \"{slug}\""),
        );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &[
                &at_line(&text, "knee-push-up", &format!("harder = \"{wrong}\"")),
                "exercise `knee-push-up`: field `harder`",
                message,
            ],
        );
    }
}

#[test]
fn variants_share_a_category_and_a_family() {
    let good = with_chains();
    let text = edit(
        &good,
        "push-up",
        "category = \"strength\"",
        "category = \"core\"",
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "knee-push-up", "harder = "),
            "field `harder`",
            "same category, but this exercise is strength and `push-up` is core",
        ],
    );

    let text = edit(&good, "lunge", "family = \"lunge\"", "family = \"legs\"");
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "supported-split-squat", "harder = "),
            "share a `family`",
            "this exercise has `lunge`, `lunge` has `legs`",
        ],
    );

    // Without a family, a session could hold both after a swap.
    let text = edit(&good, "supported-split-squat", "family = \"lunge\"\n", "");
    let text = edit(&text, "lunge", "family = \"lunge\"\n", "");
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "supported-split-squat", "harder = "),
            "this exercise has none, `lunge` has none",
        ],
    );
}

#[test]
fn the_harder_variant_never_has_a_lower_intensity() {
    let text = edit(&with_chains(), "push-up", "intensity = 3", "intensity = 1");
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "knee-push-up", "harder = "),
            "field `harder`",
            "lower intensity: `push-up` has 1, this exercise has 2",
        ],
    );
}

#[test]
fn links_go_both_ways() {
    let good = with_chains();
    let text = edit(&good, "push-up", "easier = \"knee-push-up\"\n", "");
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "knee-push-up", "harder = "),
            "field `harder`",
            "`push-up` must name this exercise as its `easier` (links go both ways), but it has none",
        ],
    );

    let text = edit(
        &good,
        "push-up",
        "easier = \"knee-push-up\"",
        "easier = \"wall-push-up\"",
    );
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &[
            &at_line(&text, "knee-push-up", "harder = "),
            "`push-up` must name this exercise as its `easier`",
            "but it names `wall-push-up`",
        ],
    );
    assert_problem(
        &problems,
        &[
            &at_line(&text, "push-up", "easier = "),
            "exercise `push-up`: field `easier`",
            "`wall-push-up` must name this exercise as its `harder`",
            "but it names `knee-push-up`",
        ],
    );
}

#[test]
fn a_chain_of_variants_must_end() {
    // Two stretches of the same intensity, each the other's harder
    // and easier variant: every link goes both ways, but the chain
    // goes round for ever.
    let text = edit(
        &with_chains(),
        "hamstring-stretch",
        "harder = \"seated-hamstring-stretch\"",
        "harder = \"seated-hamstring-stretch\"\neasier = \"seated-hamstring-stretch\"",
    );
    let text = edit(
        &text,
        "seated-hamstring-stretch",
        "easier = \"hamstring-stretch\"",
        "easier = \"hamstring-stretch\"\nharder = \"hamstring-stretch\"",
    );
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &[
            &at_line(&text, "hamstring-stretch", "harder = "),
            "exercise `hamstring-stretch`: field `harder`",
            "following `harder` comes back here (hamstring-stretch → seated-hamstring-stretch → hamstring-stretch)",
        ],
    );
    // One loop, reported once (not again for `easier` or from the
    // other end).
    assert_eq!(
        problems.iter().filter(|p| p.contains("comes back")).count(),
        1,
        "{problems:#?}"
    );
}

#[test]
fn a_harder_variant_needs_no_equipment_the_easier_one_does_not() {
    let good = with_chains();
    let text = edit(
        &good,
        "knee-push-up",
        "equipment = []",
        "equipment = [\"mat\"]",
    );
    let problems = problems_of(&text, &any_asset);
    assert_problem(
        &problems,
        &[
            &at_line(&text, "wall-push-up", "harder = "),
            "exercise `wall-push-up`: field `harder`",
            "`knee-push-up` needs an exercise mat, more than this exercise (a clear wall)",
        ],
    );
    // Stepping down to a move that needs a mat is left to the
    // planner, which checks what the person has.
    assert!(
        !problems.iter().any(|p| p.contains("`push-up`")),
        "{problems:#?}"
    );

    // The lying stretch needs a towel or a wall. With only a wall, the
    // seated stretch must still be possible.
    let text = edit(
        &good,
        "seated-hamstring-stretch",
        "equipment = []",
        "equipment = [\"towel\"]",
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "hamstring-stretch", "harder = "),
            "`seated-hamstring-stretch` needs a towel or strap, more than this exercise",
        ],
    );
}

#[test]
fn a_swap_never_brings_in_weights() {
    let text = edit(
        &with_chains(),
        "wall-push-up",
        "load = \"bodyweight\"",
        "load = \"machine\"",
    );
    let text = edit(
        &text,
        "wall-push-up",
        "[\"wall\"]",
        "[\"wall\", \"machines\"]",
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "wall-push-up", "harder = "),
            "this exercise uses weights and `knee-push-up` does not",
        ],
    );
}

#[test]
fn a_swap_keeps_the_tags_in_both_directions() {
    let good = with_chains();
    let text = edit(&good, "push-up", "tags = []", "tags = [\"extension\"]");
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "knee-push-up", "harder = "),
            "`push-up` has the tag `extension` and this exercise does not",
        ],
    );
    let text = edit(&good, "wall-push-up", "tags = []", "tags = [\"rotation\"]");
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "wall-push-up", "harder = "),
            "this exercise has the tag `rotation` and `knee-push-up` does not",
        ],
    );
}

#[test]
fn stepping_down_never_adds_balance() {
    let text = edit(
        &with_chains(),
        "wall-push-up",
        "balance = false",
        "balance = true",
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "wall-push-up", "harder = "),
            "this exercise needs balance and `knee-push-up` does not",
        ],
    );
}

#[test]
fn a_swap_keeps_the_cool_down_role() {
    let text = edit(
        &with_chains(),
        "seated-hamstring-stretch",
        "cooldown = true\n",
        "",
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "hamstring-stretch", "harder = "),
            "this exercise may end a session (`cooldown = true`) and `seated-hamstring-stretch` may not",
        ],
    );
}

#[test]
fn exercises_the_planner_adds_have_no_variants() {
    let text = edit(
        &with_chains(),
        "sciatic-nerve-glide",
        "alt = \"A person sitting.\"",
        "alt = \"A person sitting.\"\nfamily = \"glide\"\nharder = \"standing-glide\"",
    ) + &variant_entry(
        "standing-glide",
        "warmup",
        "equipment = []\nintensity = 1\nposition = \"standing\"\nbalance = false\nfamily = \"glide\"\neasier = \"sciatic-nerve-glide\"",
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "sciatic-nerve-glide", "harder = "),
            "the planner adds `sciatic-nerve-glide` to every session of some plans, so it has no variants",
        ],
    );
}

#[test]
fn avoided_moves_have_no_variants() {
    let text = GOOD.replacen(
        "instead = [\"brisk-walking\"]",
        "instead = [\"brisk-walking\"]\neasier = \"brisk-walking\"",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &["exercise `running`", "field `easier`", "never prescribed"],
    );
}

#[test]
fn a_link_to_an_entry_with_its_own_problems_is_not_reported_again() {
    let text = edit(&with_chains(), "push-up", "why = \"Strength.\"\n", "");
    let problems = problems_of(&text, &any_asset);
    assert_problem(&problems, &["exercise `push-up`", "field `why`"]);
    assert!(
        !problems.iter().any(|p| p.contains("field `harder`")),
        "{problems:#?}"
    );
}

#[test]
fn doses_read_well_and_lighter_is_never_heavier() {
    assert_eq!(Dose::Reps { sets: 1, reps: 5 }.text(false), "1 set of 5");
    assert_eq!(
        Dose::Reps { sets: 2, reps: 8 }.text(true),
        "2 sets of 8 on each side"
    );
    assert_eq!(
        Dose::Hold {
            seconds: 10,
            reps: 5
        }
        .text(false),
        "hold for 10 seconds, 5 times"
    );
    assert_eq!(Dose::Minutes { minutes: 12 }.text(false), "12 minutes");
    for dose in [
        Dose::Reps { sets: 2, reps: 3 },
        Dose::Reps { sets: 1, reps: 5 },
        Dose::Hold {
            seconds: 5,
            reps: 2,
        },
        Dose::Hold {
            seconds: 20,
            reps: 8,
        },
        Dose::Minutes { minutes: 3 },
        Dose::Minutes { minutes: 30 },
    ] {
        assert!(dose.lighter().volume() <= dose.volume(), "{dose:?}");
    }
    assert_eq!(
        Dose::Reps { sets: 1, reps: 5 }.lighter(),
        Dose::Reps { sets: 1, reps: 3 }
    );
    assert_eq!(Dose::Reps { sets: 1, reps: 5 }.minutes(false), 1);
    assert_eq!(Dose::Reps { sets: 3, reps: 10 }.minutes(false), 4);
}

#[test]
fn unknown_values_name_the_field_the_vocabulary_and_their_own_line() {
    let text = GOOD.replacen(
        "dosage = { unit = \"reps\", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }",
        "dosage = { unit = \"sets\", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "squat", "unit = \"sets\""),
            "exercise `squat`: field `dosage.unit`: unknown unit `sets` (use reps, hold or minutes)",
        ],
    );
    let text = GOOD.replacen("position = \"sitting\"", "position = \"seated\"", 1);
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "pelvic-floor-squeeze", "position = \"seated\""),
            "exercise `pelvic-floor-squeeze`: field `position`: unknown position `seated` (use standing, sitting,",
        ],
    );
}

#[test]
fn an_avoided_move_has_no_exercise_fields_and_an_exercise_no_avoid_fields() {
    let text = GOOD.replacen(
        "avoid = true\n",
        "avoid = true\nsteps = [\"Run.\", \"Stop.\"]\n",
        1,
    );
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "running", "steps = "),
            "exercise `running`: field `steps`: an avoided move is never prescribed",
        ],
    );
    let text = GOOD.replacen("intensity = 2", "intensity = 2\ninstead = [\"squat\"]", 1);
    assert_problem(
        &problems_of(&text, &any_asset),
        &[
            &at_line(&text, "squat", "instead = "),
            "exercise `squat`: field `instead`: `avoid_reason` and `instead` belong only to entries with `avoid = true`",
        ],
    );
}

#[test]
fn wrong_types_and_missing_or_unknown_nested_fields_name_the_field() {
    for (from, to, needles) in [
        (
            "avoid = true\n",
            "avoid = \"yes\"\n",
            ["exercise `running`: field `avoid`", "boolean"],
        ),
        (
            "intensity = 2",
            "intensity = \"two\"",
            ["exercise `squat`: field `intensity`", "must be 1, 2 or 3"],
        ),
        (
            "unit = \"reps\", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }",
            "unit = \"reps\" }",
            ["exercise `squat`: field `dosage.weeks`", "is missing"],
        ),
        (
            "weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }",
            "weeks = [[1, 5], [1, 8], [2, 8], [2, 10]], sets = 2 }",
            [
                "exercise `squat`: field `dosage.sets`",
                "unknown field `sets`",
            ],
        ),
        (
            "equipment = []\nload = \"bodyweight\"\ntags = []\nintensity = 2",
            "load = \"bodyweight\"\ntags = []\nintensity = 2",
            [
                "exercise `squat`: field `equipment`",
                "is missing (write [] if there are none)",
            ],
        ),
        (
            "slug = \"squat\"\n",
            "",
            ["exercise #5 (no slug): field `slug`", "is missing"],
        ),
    ] {
        let text = GOOD.replacen(from, to, 1);
        assert_ne!(text, GOOD, "{from}");
        assert_problem(&problems_of(&text, &any_asset), &needles);
    }
}

#[test]
fn a_file_that_is_not_a_list_of_entries_is_refused_with_its_line() {
    assert_problem(
        &problems_of("[[exercise]]\nslug = \"a\"\n[other]\n", &any_asset),
        &["x.toml:3:", "other"],
    );
    assert_problem(&problems_of("[[exercise]\n", &any_asset), &["x.toml:1:"]);
}
