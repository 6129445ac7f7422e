//! A session as a list of steps to follow one at a time: what the "do
//! today's session" page shows and what its timer runs through.
//!
//! Derived from each item's [`Dose`] with the timings the catalog's time
//! estimates use ([`SETUP_SECONDS`] to get ready, [`SECONDS_PER_REP`] per
//! repetition, [`REST_BETWEEN_SETS`], [`SECONDS_BETWEEN_HOLDS`]), so the
//! guide takes as long as the plan says (cardio adds its get-ready time).
//! Pure: the web layer turns picture paths into URLs and sends the steps as
//! JSON to `static/js/session.js`, which only counts time; every word it
//! announces comes from here.
//!
//! How a dose becomes steps:
//! - `Reps { sets, reps }`: get ready, then each set (on each side in turn
//!   for one-sided moves), with a rest between sets;
//! - `Hold { seconds, reps }`: get ready, then each hold followed by a short
//!   let-go rest, all on one side and then all on the other;
//! - `Minutes { minutes }`: get ready, then keep moving for that long.

use serde::Serialize;

use super::catalog::{
    Catalog, Dose, REST_BETWEEN_SETS, SECONDS_BETWEEN_HOLDS, SECONDS_PER_REP, SETUP_SECONDS,
};
use super::planner::{Item, Part, Session};

/// Which side of a one-sided move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    First,
    Other,
}

impl Side {
    pub fn words(self) -> &'static str {
        match self {
            Side::First => "first side",
            Side::Other => "other side",
        }
    }
}

/// What a rest is between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Between {
    Sets,
    Holds,
}

/// What a person needs in front of them while doing an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// 1-based position in the session.
    pub number: usize,
    /// How many exercises the session has.
    pub of: usize,
    /// The part of the session (`Warm-up`, `Core`, …).
    pub part: &'static str,
    pub slug: String,
    pub name: String,
    /// The picture's path under `static/` (the web layer swaps in its URL);
    /// `None` if the exercise has left the catalog since a plan was saved.
    pub picture: Option<String>,
    pub alt: String,
    /// The one thing to do first (the catalog's `safety`, e.g. bracing the
    /// abdominals); empty if the exercise has left the catalog.
    pub cue: String,
    /// This week's dose in words, as the plan shows it but starting with a
    /// capital (`Hold for 5 seconds, 3 times`).
    pub dosage: String,
}

/// What happens during a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Phase {
    /// Get into position for the exercise.
    Ready,
    /// One set of repetitions, counted at a steady pace.
    Reps {
        set: u16,
        sets: u16,
        reps: u16,
        side: Option<Side>,
        seconds_per_rep: u32,
    },
    /// One hold; `rep` of `reps` on this side.
    Hold {
        rep: u16,
        reps: u16,
        side: Option<Side>,
    },
    Rest {
        between: Between,
    },
    /// Keep going for the whole step (cardio, marching).
    Move,
}

/// One timed step of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Index into [`SessionSteps::exercises`].
    pub exercise: usize,
    #[serde(flatten)]
    pub phase: Phase,
    pub seconds: u32,
    /// Short words for the big label: `Get ready`, `Set 1 of 2`, `Hold`.
    pub label: String,
    /// The smaller line under it (side, which hold), possibly empty.
    pub detail: String,
    /// What the live region announces when the step begins.
    pub say: String,
}

/// A session ready to be followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionSteps {
    pub exercises: Vec<Card>,
    pub steps: Vec<Step>,
}

impl SessionSteps {
    /// The whole session, in seconds.
    pub fn total_seconds(&self) -> u32 {
        self.steps.iter().map(|s| s.seconds).sum()
    }

    /// The steps of one exercise.
    pub fn steps_of(&self, exercise: usize) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.exercise == exercise)
    }

    /// How an exercise is paced, in a sentence for the checklist: the get
    /// ready time and the rests, which the dosage text leaves out.
    pub fn pacing(&self, exercise: usize) -> String {
        let mut steps = self.steps_of(exercise);
        let ready = steps.next().map_or(SETUP_SECONDS, |s| s.seconds);
        let mut text = format!("Take {ready} seconds to get ready.");
        for step in steps {
            match step.phase {
                Phase::Reps {
                    seconds_per_rep, ..
                } => {
                    text.push_str(&format!(
                        " Take about {seconds_per_rep} seconds over each repetition."
                    ));
                    break;
                }
                Phase::Hold { .. } => {
                    text.push_str(&format!(
                        " After each hold, let go and rest for {SECONDS_BETWEEN_HOLDS} seconds."
                    ));
                    break;
                }
                _ => {}
            }
        }
        if self.steps_of(exercise).any(|s| {
            s.phase
                == (Phase::Rest {
                    between: Between::Sets,
                })
        }) {
            text.push_str(&format!(
                " Rest for {REST_BETWEEN_SETS} seconds between sets."
            ));
        }
        text
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A length of time in words: `45 seconds`, `2 minutes`, `1 minute 30 seconds`.
pub fn duration_words(seconds: u32) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    match (m, s) {
        (0, s) => plural(s, "second", "seconds"),
        (m, 0) => plural(m, "minute", "minutes"),
        (m, s) => format!(
            "{} {}",
            plural(m, "minute", "minutes"),
            plural(s, "second", "seconds")
        ),
    }
}

/// Is this item done on each side? The catalog says; for an exercise that
/// has since left the catalog, the saved dosage text tells.
fn per_side(item: &Item, catalog: &Catalog) -> bool {
    match catalog.exercise(&item.slug) {
        Some(exercise) => exercise.dosage.per_side,
        None => item.dose.text(true) == item.dosage,
    }
}

/// The steps of a session, in order.
pub fn session_steps(session: &Session, catalog: &Catalog) -> SessionSteps {
    let items: Vec<(Part, &Item)> = session
        .blocks
        .iter()
        .flat_map(|b| b.items.iter().map(move |i| (b.part, i)))
        .collect();
    let of = items.len();
    let mut exercises = Vec::with_capacity(of);
    let mut steps = Vec::new();
    for (index, (part, item)) in items.into_iter().enumerate() {
        let found = catalog.exercise(&item.slug);
        let card = Card {
            number: index + 1,
            of,
            part: part.label(),
            slug: item.slug.clone(),
            name: item.name.clone(),
            picture: found.map(|e| e.illustration.path.clone()),
            alt: found
                .map(|e| e.illustration.alt.clone())
                .unwrap_or_default(),
            cue: found.map(|e| e.safety.clone()).unwrap_or_default(),
            dosage: upper_first(&item.dosage),
        };
        let mut push = |phase: Phase, seconds: u32, label: String, detail: String, say: String| {
            steps.push(Step {
                exercise: index,
                phase,
                seconds,
                label,
                detail,
                say,
            });
        };
        push(
            Phase::Ready,
            SETUP_SECONDS,
            "Get ready".to_owned(),
            String::new(),
            format!(
                "Exercise {} of {of}: {}. {}. Get ready.",
                index + 1,
                card.name,
                card.dosage
            ),
        );
        let sides: &[Option<Side>] = if per_side(item, catalog) {
            &[Some(Side::First), Some(Side::Other)]
        } else {
            &[None]
        };
        match item.dose {
            Dose::Reps { sets, reps } => {
                for set in 1..=sets {
                    if set > 1 {
                        push(
                            Phase::Rest {
                                between: Between::Sets,
                            },
                            REST_BETWEEN_SETS,
                            "Rest".to_owned(),
                            format!("Set {set} of {sets} is next"),
                            format!("Rest, {}.", duration_words(REST_BETWEEN_SETS)),
                        );
                    }
                    for side in sides {
                        let label = if sets > 1 {
                            format!("Set {set} of {sets}")
                        } else {
                            "Repetitions".to_owned()
                        };
                        let count = plural(u32::from(reps), "repetition", "repetitions");
                        let (detail, say) = match side {
                            Some(side) => (
                                upper_first(side.words()),
                                format!("{}: {count}, {}.", label, side.words()),
                            ),
                            None => (String::new(), format!("{label}: {count}.")),
                        };
                        push(
                            Phase::Reps {
                                set,
                                sets,
                                reps,
                                side: *side,
                                seconds_per_rep: SECONDS_PER_REP,
                            },
                            u32::from(reps) * SECONDS_PER_REP,
                            label,
                            detail,
                            say,
                        );
                    }
                }
            }
            Dose::Hold { seconds, reps } => {
                for side in sides {
                    for rep in 1..=reps {
                        let which = format!("{rep} of {reps}");
                        let (detail, say_which) = match side {
                            Some(side) => (
                                format!("Hold {which}, {}", side.words()),
                                format!("{which}, {}", side.words()),
                            ),
                            None => (format!("Hold {which}"), which),
                        };
                        push(
                            Phase::Hold {
                                rep,
                                reps,
                                side: *side,
                            },
                            u32::from(seconds),
                            "Hold".to_owned(),
                            detail,
                            format!("Hold, {}. {say_which}.", duration_words(u32::from(seconds))),
                        );
                        push(
                            Phase::Rest {
                                between: Between::Holds,
                            },
                            SECONDS_BETWEEN_HOLDS,
                            "Let go".to_owned(),
                            String::new(),
                            format!(
                                "Let go and rest, {}.",
                                duration_words(SECONDS_BETWEEN_HOLDS)
                            ),
                        );
                    }
                }
            }
            Dose::Minutes { minutes } => {
                let seconds = u32::from(minutes) * 60;
                push(
                    Phase::Move,
                    seconds,
                    "Keep moving".to_owned(),
                    String::new(),
                    format!("Keep moving for {}.", duration_words(seconds)),
                );
            }
        }
        exercises.push(card);
    }
    SessionSteps { exercises, steps }
}

/// `text` with its first letter in upper case.
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use super::*;
    use crate::routine::answers::{Activity, Answers, Cause, Duration};
    use crate::routine::catalog::Equipment;
    use crate::routine::planner::{Block, Outcome, SessionKind, plan};

    fn catalog() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Catalog::parse(
                include_str!("../../content/exercises.toml"),
                "exercises.toml",
                &|_| true,
            )
            .unwrap()
        })
    }

    fn item(slug: &str, dose: Dose, per_side: bool) -> Item {
        Item {
            slug: slug.to_owned(),
            name: format!("Name of {slug}"),
            dosage: dose.text(per_side),
            dose,
            minutes: dose.minutes(per_side),
        }
    }

    fn session(blocks: Vec<(Part, Vec<Item>)>) -> Session {
        Session {
            label: "A".to_owned(),
            kind: SessionKind::Mobility,
            minutes: 0,
            blocks: blocks
                .into_iter()
                .map(|(part, items)| Block { part, items })
                .collect(),
            paused: None,
        }
    }

    fn kinds(steps: &SessionSteps) -> Vec<String> {
        steps
            .steps
            .iter()
            .map(|s| format!("{} {}s", s.label, s.seconds))
            .collect()
    }

    /// A catalog exercise with the wanted dosage unit and sidedness.
    fn slug_with(unit: &str, per_side: bool) -> &'static str {
        catalog()
            .exercises()
            .iter()
            .find(|e| e.dosage.unit.as_str() == unit && e.dosage.per_side == per_side)
            .map(|e| e.slug.as_str())
            .unwrap()
    }

    #[test]
    fn sets_of_repetitions_rest_between_sets_and_take_their_turn_on_each_side() {
        let two_sided = slug_with("reps", false);
        let one_sided = slug_with("reps", true);
        let s = session_steps(
            &session(vec![(
                Part::Core,
                vec![
                    item(two_sided, Dose::Reps { sets: 2, reps: 8 }, false),
                    item(one_sided, Dose::Reps { sets: 2, reps: 5 }, true),
                ],
            )]),
            catalog(),
        );
        assert_eq!(
            kinds(&s),
            [
                "Get ready 15s",
                "Set 1 of 2 32s",
                "Rest 30s",
                "Set 2 of 2 32s",
                "Get ready 15s",
                "Set 1 of 2 20s",
                "Set 1 of 2 20s",
                "Rest 30s",
                "Set 2 of 2 20s",
                "Set 2 of 2 20s",
            ]
        );
        assert_eq!(
            s.steps[1].phase,
            Phase::Reps {
                set: 1,
                sets: 2,
                reps: 8,
                side: None,
                seconds_per_rep: 4
            }
        );
        assert_eq!(s.steps[1].say, "Set 1 of 2: 8 repetitions.");
        assert_eq!(s.steps[2].say, "Rest, 30 seconds.");
        assert_eq!(s.steps[5].detail, "First side");
        assert_eq!(s.steps[6].say, "Set 1 of 2: 5 repetitions, other side.");
        let steps_of_second: Vec<usize> = s.steps.iter().map(|st| st.exercise).collect();
        assert_eq!(steps_of_second, [0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn one_set_has_no_rest_and_no_set_count() {
        let slug = slug_with("reps", false);
        let s = session_steps(
            &session(vec![(
                Part::Warmup,
                vec![item(slug, Dose::Reps { sets: 1, reps: 3 }, false)],
            )]),
            catalog(),
        );
        assert_eq!(kinds(&s), ["Get ready 15s", "Repetitions 12s"]);
        assert_eq!(s.steps[1].say, "Repetitions: 3 repetitions.");
    }

    #[test]
    fn holds_count_their_seconds_then_let_go_all_on_one_side_then_the_other() {
        let slug = slug_with("hold", true);
        let s = session_steps(
            &session(vec![(
                Part::Stretch,
                vec![item(
                    slug,
                    Dose::Hold {
                        seconds: 5,
                        reps: 2,
                    },
                    true,
                )],
            )]),
            catalog(),
        );
        assert_eq!(
            kinds(&s),
            [
                "Get ready 15s",
                "Hold 5s",
                "Let go 5s",
                "Hold 5s",
                "Let go 5s",
                "Hold 5s",
                "Let go 5s",
                "Hold 5s",
                "Let go 5s",
            ]
        );
        let sides: Vec<Option<Side>> = s
            .steps
            .iter()
            .filter_map(|st| match st.phase {
                Phase::Hold { side, .. } => Some(side),
                _ => None,
            })
            .collect();
        assert_eq!(
            sides,
            [
                Some(Side::First),
                Some(Side::First),
                Some(Side::Other),
                Some(Side::Other)
            ]
        );
        assert_eq!(s.steps[1].say, "Hold, 5 seconds. 1 of 2, first side.");
        assert_eq!(s.steps[1].detail, "Hold 1 of 2, first side");
        assert_eq!(s.steps[2].say, "Let go and rest, 5 seconds.");
    }

    #[test]
    fn minutes_are_one_long_step_after_getting_ready() {
        let slug = slug_with("minutes", false);
        let s = session_steps(
            &session(vec![(
                Part::Cardio,
                vec![item(slug, Dose::Minutes { minutes: 10 }, false)],
            )]),
            catalog(),
        );
        assert_eq!(kinds(&s), ["Get ready 15s", "Keep moving 600s"]);
        assert_eq!(s.steps[1].say, "Keep moving for 10 minutes.");
        assert_eq!(s.pacing(0), "Take 15 seconds to get ready.");
    }

    #[test]
    fn the_card_carries_the_catalog_picture_cue_and_the_plan_dosage() {
        let slug = slug_with("reps", false);
        let exercise = catalog().exercise(slug).unwrap();
        let s = session_steps(
            &session(vec![(
                Part::Strength,
                vec![item(slug, Dose::Reps { sets: 2, reps: 8 }, false)],
            )]),
            catalog(),
        );
        let card = &s.exercises[0];
        assert_eq!((card.number, card.of, card.part), (1, 1, "Strength"));
        assert_eq!(
            card.picture.as_deref(),
            Some(exercise.illustration.path.as_str())
        );
        assert_eq!(card.alt, exercise.illustration.alt);
        assert_eq!(card.cue, exercise.safety);
        assert_eq!(card.dosage, "2 sets of 8");
        assert_eq!(
            s.steps[0].say,
            format!("Exercise 1 of 1: {}. 2 sets of 8. Get ready.", card.name)
        );
        assert_eq!(
            s.pacing(0),
            "Take 15 seconds to get ready. Take about 4 seconds over each repetition. Rest for 30 seconds between sets."
        );
    }

    #[test]
    fn an_exercise_gone_from_the_catalog_still_has_its_steps_from_the_saved_dose() {
        let s = session_steps(
            &session(vec![(
                Part::Stretch,
                vec![item(
                    "retired-move",
                    Dose::Hold {
                        seconds: 8,
                        reps: 1,
                    },
                    true,
                )],
            )]),
            catalog(),
        );
        assert_eq!(s.exercises[0].picture, None);
        assert_eq!(s.exercises[0].cue, "");
        assert_eq!(
            kinds(&s),
            [
                "Get ready 15s",
                "Hold 8s",
                "Let go 5s",
                "Hold 8s",
                "Let go 5s"
            ]
        );
    }

    #[test]
    fn every_planned_session_takes_as_long_as_the_plan_estimates() {
        // A spread of plans: each kind of session, gentle and not, every
        // piece of equipment, weights allowed.
        let mut checked = 0;
        for pain in [2, 8] {
            for activity in [Activity::Sedentary, Activity::Athletic] {
                for minutes in [10, 30, 60] {
                    let answers = Answers {
                        red_flags: Vec::new(),
                        assessed: false,
                        age: Some(crate::routine::Age::Older),
                        pain,
                        duration: Duration::Chronic,
                        leg: crate::routine::Leg::BelowKnee,
                        worse: BTreeSet::new(),
                        cause: Cause::Unknown,
                        pregnancy: crate::routine::Pregnancy::Postnatal,
                        activity,
                        days: 7,
                        minutes,
                        equipment: Equipment::ALL.iter().copied().collect(),
                        cleared: true,
                    };
                    let signs = crate::routine::WarningSigns::parse(
                        include_str!("../../content/warning-signs.toml"),
                        "warning-signs.toml",
                    )
                    .unwrap();
                    let Outcome::Plan(p) = plan(&answers, catalog(), &signs) else {
                        panic!("referred");
                    };
                    for week in &p.weeks {
                        for session in &week.sessions {
                            let s = session_steps(session, catalog());
                            let items: Vec<&Item> = session.items().collect();
                            assert_eq!(s.exercises.len(), items.len());
                            let mut expected = 0;
                            for (i, item) in items.iter().enumerate() {
                                let side = catalog().exercise(&item.slug).unwrap().dosage.per_side;
                                let own: u32 = s.steps_of(i).map(|st| st.seconds).sum();
                                let estimate = item.dose.seconds(side)
                                    + if matches!(item.dose, Dose::Minutes { .. }) {
                                        SETUP_SECONDS
                                    } else {
                                        0
                                    };
                                assert_eq!(own, estimate, "{} in {answers:?}", item.slug);
                                expected += estimate;
                                assert_eq!(
                                    s.exercises[i].dosage.to_lowercase(),
                                    item.dosage.to_lowercase()
                                );
                                assert!(s.exercises[i].picture.is_some());
                                assert!(!s.exercises[i].cue.is_empty());
                                let first = s.steps_of(i).next().unwrap();
                                assert_eq!(first.phase, Phase::Ready);
                            }
                            assert_eq!(s.total_seconds(), expected);
                            assert!(s.steps.iter().all(|st| st.seconds > 0));
                            assert!(s.steps.iter().all(|st| st.say.ends_with('.')));
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_words(1), "1 second");
        assert_eq!(duration_words(45), "45 seconds");
        assert_eq!(duration_words(60), "1 minute");
        assert_eq!(duration_words(90), "1 minute 30 seconds");
        assert_eq!(duration_words(600), "10 minutes");
    }

    #[test]
    fn the_json_for_the_script_names_each_kind_of_step() {
        let slug = slug_with("reps", true);
        let s = session_steps(
            &session(vec![(
                Part::Core,
                vec![item(slug, Dose::Reps { sets: 1, reps: 4 }, true)],
            )]),
            catalog(),
        );
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["steps"][0]["kind"], "ready");
        assert_eq!(json["steps"][1]["kind"], "reps");
        assert_eq!(json["steps"][1]["side"], "first");
        assert_eq!(json["steps"][1]["seconds_per_rep"], 4);
        assert_eq!(json["steps"][1]["seconds"], 16);
        assert_eq!(json["steps"][1]["exercise"], 0);
        assert_eq!(json["exercises"][0]["name"], format!("Name of {slug}"));
    }
}
