//! What changes from one week of a plan to the next. A plan page shows
//! week 1 in full and every later week as these changes, so a phone does
//! not scroll through the same exercises four times.
//!
//! Pure: two weeks and the catalog (to tell a harder version taking an
//! exercise's place from an exercise simply left out) in, plain data out.

use super::catalog::{Catalog, Dose};
use super::planner::{ExerciseLink, Item, Week};

/// How a week differs from the week before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeekChanges {
    /// The week's shortest and longest session in minutes, when they
    /// differ from the week before.
    pub minutes: Option<(u32, u32)>,
    /// The week's days name different sessions (or rest days) than the
    /// week before.
    pub days: bool,
    /// Exercises done in a different amount, in the order the week first
    /// meets them.
    pub amounts: Vec<Change>,
    /// Exercises new this week, or new in some of its sessions.
    pub added: Vec<Change>,
    /// Exercises of the week before that this week leaves out (not counting
    /// those a harder or easier version replaces: see [`Change::instead_of`]).
    pub dropped: Vec<ExerciseLink>,
    /// Exercises of this week done exactly as the week before.
    pub unchanged: Vec<ExerciseLink>,
}

impl WeekChanges {
    /// Nothing differs (a saved routine can hold a week as it was).
    pub fn is_empty(&self) -> bool {
        self.minutes.is_none()
            && !self.days
            && self.amounts.is_empty()
            && self.added.is_empty()
            && self.dropped.is_empty()
    }
}

/// How an amount changes, so a page can say it in a few words ("longer
/// holds: …") rather than repeat every amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Growth {
    /// The same sets, more repetitions (or the same holds, more times).
    MoreRepetitions,
    /// One set more (the repetitions may start lower again).
    MoreSets,
    /// Each hold is longer.
    LongerHolds,
    /// More minutes (cardio).
    MoreTime,
    /// Less than the week before (a saved routine easing off).
    Less,
    /// Something else: another kind of amount, or an exercise that is new.
    Other,
}

impl Growth {
    /// How `after` differs from `before`.
    pub fn of(before: Dose, after: Dose) -> Growth {
        match (before, after) {
            (Dose::Reps { sets: s1, reps: r1 }, Dose::Reps { sets: s2, reps: r2 }) => {
                if s2 > s1 {
                    Growth::MoreSets
                } else if s2 == s1 && r2 > r1 {
                    Growth::MoreRepetitions
                } else {
                    Growth::Less
                }
            }
            (
                Dose::Hold {
                    seconds: h1,
                    reps: r1,
                },
                Dose::Hold {
                    seconds: h2,
                    reps: r2,
                },
            ) => {
                if h2 > h1 && r2 >= r1 {
                    Growth::LongerHolds
                } else if h2 == h1 && r2 > r1 {
                    Growth::MoreRepetitions
                } else {
                    Growth::Less
                }
            }
            (Dose::Minutes { minutes: m1 }, Dose::Minutes { minutes: m2 }) if m2 > m1 => {
                Growth::MoreTime
            }
            (Dose::Minutes { .. }, Dose::Minutes { .. }) => Growth::Less,
            _ => Growth::Other,
        }
    }
}

/// One exercise whose amount changes, or that is new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub slug: String,
    pub name: String,
    /// How the amount changes ([`Growth::Other`] for a new exercise).
    pub growth: Growth,
    /// This week's amount, e.g. `2 sets of 8`.
    pub dosage: String,
    /// The week before's amount in the same sessions (`None` for an
    /// exercise new in them).
    pub was: Option<String>,
    /// The sessions (labels) this applies to.
    pub sessions: Vec<String>,
    /// Whether those are all of the week's sessions that have this
    /// exercise: if not, the page names them.
    pub everywhere: bool,
    /// The exercise of the week before this one takes the place of (a
    /// harder or easier version of the same move).
    pub instead_of: Option<ExerciseLink>,
    /// New in these sessions, but in the plan the week before (in others).
    pub moved: bool,
}

/// Each exercise of a week with the session it is in, in session and item
/// order.
fn occurrences(week: &Week) -> Vec<(&str, &Item)> {
    week.sessions
        .iter()
        .flat_map(|session| {
            session
                .items()
                .map(move |item| (session.label.as_str(), item))
        })
        .collect()
}

/// Shortest and longest session of a week.
fn minutes(week: &Week) -> (u32, u32) {
    let all = week.sessions.iter().map(|s| s.minutes);
    (all.clone().min().unwrap_or(0), all.max().unwrap_or(0))
}

/// Is `new` a version of `old`: its harder or easier link, or the same
/// family of moves?
fn replaces(catalog: &Catalog, new: &str, old: &str) -> bool {
    let (Some(n), Some(o)) = (catalog.exercise(new), catalog.exercise(old)) else {
        return false;
    };
    n.easier.as_deref() == Some(old)
        || n.harder.as_deref() == Some(old)
        || o.harder.as_deref() == Some(new)
        || o.easier.as_deref() == Some(new)
        || (n.family.is_some() && n.family == o.family)
}

/// What changes from `before` to `after`.
pub fn week_changes(before: &Week, after: &Week, catalog: &Catalog) -> WeekChanges {
    let old = occurrences(before);
    let new = occurrences(after);
    let mut changes = WeekChanges {
        minutes: Some(minutes(after)).filter(|m| *m != minutes(before)),
        days: before
            .days
            .iter()
            .map(|d| d.session.as_deref())
            .ne(after.days.iter().map(|d| d.session.as_deref())),
        ..WeekChanges::default()
    };

    let mut dropped: Vec<ExerciseLink> = Vec::new();
    for (_, item) in &old {
        if !new.iter().any(|(_, i)| i.slug == item.slug)
            && !dropped.iter().any(|d| d.slug == item.slug)
        {
            dropped.push(ExerciseLink {
                slug: item.slug.clone(),
                name: item.name.clone(),
            });
        }
    }

    let mut seen: Vec<&str> = Vec::new();
    for (_, first) in &new {
        let slug = first.slug.as_str();
        if seen.contains(&slug) {
            continue;
        }
        seen.push(slug);
        // This exercise's amounts this week, each with its sessions.
        let mut groups: Vec<(&Item, Vec<&str>)> = Vec::new();
        for (label, item) in new.iter().filter(|(_, i)| i.slug == slug) {
            match groups.iter_mut().find(|(i, _)| i.dosage == item.dosage) {
                Some((_, labels)) => labels.push(label),
                None => groups.push((item, vec![label])),
            }
        }
        let was_in_plan = old.iter().any(|(_, i)| i.slug == slug);
        let all_labels: Vec<&str> = groups.iter().flat_map(|(_, l)| l.iter().copied()).collect();
        for (item, labels) in groups {
            // Of the sessions with this amount: those that had the exercise
            // at another amount, and those that did not have it.
            let mut grown: Vec<(&str, &Item)> = Vec::new();
            let mut fresh: Vec<&str> = Vec::new();
            for label in labels {
                match old.iter().find(|(l, i)| i.slug == slug && *l == label) {
                    Some((_, was)) if was.dosage == item.dosage => {}
                    Some((_, was)) => grown.push((label, was)),
                    None => fresh.push(label),
                }
            }
            let change = |labels: Vec<&str>, was: Option<&Item>| Change {
                slug: slug.to_owned(),
                name: item.name.clone(),
                growth: was.map_or(Growth::Other, |was| Growth::of(was.dose, item.dose)),
                dosage: item.dosage.clone(),
                was: was.map(|i| i.dosage.clone()),
                everywhere: labels == all_labels,
                sessions: labels.iter().map(|l| (*l).to_owned()).collect(),
                instead_of: None,
                moved: was_in_plan,
            };
            if let Some(&(_, was)) = grown.first() {
                changes
                    .amounts
                    .push(change(grown.iter().map(|(l, _)| *l).collect(), Some(was)));
            }
            if !fresh.is_empty() {
                let mut added = change(fresh, None);
                if !was_in_plan
                    && let Some(i) = dropped
                        .iter()
                        .position(|d| replaces(catalog, slug, &d.slug))
                {
                    added.instead_of = Some(dropped.remove(i));
                }
                changes.added.push(added);
            }
        }
    }
    changes.dropped = dropped;
    for slug in seen {
        let told = |c: &Change| c.slug == slug;
        if !changes.amounts.iter().any(told) && !changes.added.iter().any(told) {
            let name = new
                .iter()
                .find(|(_, i)| i.slug == slug)
                .map(|(_, i)| i.name.clone())
                .unwrap_or_default();
            changes.unchanged.push(ExerciseLink {
                slug: slug.to_owned(),
                name,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::routine::answers::{Activity, Age, Answers, Cause, Duration, Leg, Pregnancy};
    use crate::routine::catalog::Equipment;
    use crate::routine::planner::{Block, Day, Item, Outcome, Part, Plan, Session, SessionKind};
    use crate::routine::safety_tests::{catalog, signs};

    /// Pain 4, four days a week, 30 minutes, a mat: the typical answers.
    fn typical() -> Plan {
        let answers = Answers {
            red_flags: Vec::new(),
            assessed: false,
            age: Some(Age::Adult),
            pain: 4,
            duration: Duration::Acute,
            leg: Leg::None,
            worse: BTreeSet::new(),
            cause: Cause::Strain,
            pregnancy: Pregnancy::No,
            activity: Activity::Light,
            days: 4,
            minutes: 30,
            equipment: [Equipment::Mat].into_iter().collect(),
            cleared: false,
        };
        match crate::routine::plan(&answers, catalog(), signs()) {
            Outcome::Plan(plan) => plan,
            other => panic!("expected a plan, got {other:?}"),
        }
    }

    /// A catalog exercise at `dose` (its words as the planner writes them).
    fn item(slug: &str, dose: Dose) -> Item {
        let exercise = catalog().exercise(slug).unwrap();
        Item {
            slug: slug.to_owned(),
            name: exercise.name.clone(),
            dosage: dose.text(false),
            dose,
            minutes: 1,
        }
    }

    fn reps(sets: u16, reps: u16) -> Dose {
        Dose::Reps { sets, reps }
    }

    fn week(sessions: Vec<(&str, u32, Vec<Item>)>) -> Week {
        let labels: Vec<String> = sessions.iter().map(|s| s.0.to_owned()).collect();
        Week {
            number: 1,
            focus: String::new(),
            days: crate::routine::planner::WEEKDAYS
                .iter()
                .enumerate()
                .map(|(i, day)| Day {
                    weekday: (*day).to_owned(),
                    session: labels.get(i).cloned(),
                })
                .collect(),
            sessions: sessions
                .into_iter()
                .map(|(label, minutes, items)| Session {
                    label: label.to_owned(),
                    kind: SessionKind::Mobility,
                    minutes,
                    blocks: vec![Block {
                        part: Part::Core,
                        items,
                    }],
                    paused: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_same_week_twice_changes_nothing() {
        let plan = typical();
        let changes = week_changes(&plan.weeks[0], &plan.weeks[0], catalog());
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn an_amount_that_grows_everywhere_is_said_once_with_the_old_amount() {
        let before = week(vec![
            ("A", 20, vec![item("bird-dog", reps(1, 4))]),
            ("B", 20, vec![item("bird-dog", reps(1, 4))]),
        ]);
        let after = week(vec![
            ("A", 20, vec![item("bird-dog", reps(1, 6))]),
            ("B", 20, vec![item("bird-dog", reps(1, 6))]),
        ]);
        let changes = week_changes(&before, &after, catalog());
        assert_eq!(changes.amounts.len(), 1);
        let change = &changes.amounts[0];
        assert_eq!(change.dosage, "1 set of 6");
        assert_eq!(change.was.as_deref(), Some("1 set of 4"));
        assert_eq!(change.growth, Growth::MoreRepetitions);
        assert_eq!(change.sessions, ["A", "B"]);
        assert!(change.everywhere);
        assert!(changes.added.is_empty() && changes.dropped.is_empty());
        assert!(changes.unchanged.is_empty());
        assert_eq!(changes.minutes, None);
        assert!(!changes.days);
    }

    #[test]
    fn different_amounts_in_different_sessions_name_their_sessions() {
        let before = week(vec![
            (
                "A",
                20,
                vec![item("brisk-walking", Dose::Minutes { minutes: 5 })],
            ),
            (
                "B",
                20,
                vec![item("brisk-walking", Dose::Minutes { minutes: 8 })],
            ),
        ]);
        let after = week(vec![
            (
                "A",
                20,
                vec![item("brisk-walking", Dose::Minutes { minutes: 5 })],
            ),
            (
                "B",
                22,
                vec![item("brisk-walking", Dose::Minutes { minutes: 10 })],
            ),
        ]);
        let changes = week_changes(&before, &after, catalog());
        assert_eq!(changes.amounts.len(), 1, "session A is unchanged");
        assert!(changes.unchanged.is_empty(), "session B changed");
        assert_eq!(changes.amounts[0].sessions, ["B"]);
        assert!(!changes.amounts[0].everywhere);
        assert_eq!(changes.amounts[0].was.as_deref(), Some("8 minutes"));
        assert_eq!(changes.amounts[0].growth, Growth::MoreTime);
        assert_eq!(changes.minutes, Some((20, 22)));
    }

    #[test]
    fn a_harder_version_takes_the_place_of_the_easier_one() {
        let before = week(vec![(
            "A",
            20,
            vec![
                item("knee-push-up", reps(1, 8)),
                item("shoulder-rolls", reps(1, 8)),
            ],
        )]);
        let after = week(vec![("A", 20, vec![item("push-up", reps(2, 6))])]);
        let changes = week_changes(&before, &after, catalog());
        assert_eq!(changes.added.len(), 1);
        let added = &changes.added[0];
        assert_eq!(added.slug, "push-up");
        assert_eq!(added.was, None);
        assert!(!added.moved);
        assert_eq!(
            added.instead_of.as_ref().map(|l| l.slug.as_str()),
            Some("knee-push-up")
        );
        // Only the exercise nothing replaces is said to be left out.
        let dropped: Vec<&str> = changes.dropped.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(dropped, ["shoulder-rolls"]);
    }

    #[test]
    fn an_exercise_new_to_one_session_is_added_there() {
        let before = week(vec![
            ("A", 20, vec![item("bird-dog", reps(1, 4))]),
            ("B", 20, vec![]),
        ]);
        let after = week(vec![
            ("A", 20, vec![item("bird-dog", reps(1, 4))]),
            ("B", 20, vec![item("bird-dog", reps(1, 4))]),
        ]);
        let changes = week_changes(&before, &after, catalog());
        assert!(changes.amounts.is_empty());
        assert_eq!(changes.added.len(), 1);
        assert_eq!(changes.added[0].sessions, ["B"]);
        assert_eq!(changes.added[0].instead_of, None);
        assert!(changes.added[0].moved);
    }

    #[test]
    fn growth_says_what_grew() {
        let hold = |seconds, reps| Dose::Hold { seconds, reps };
        assert_eq!(Growth::of(reps(1, 5), reps(1, 8)), Growth::MoreRepetitions);
        assert_eq!(Growth::of(reps(1, 10), reps(2, 8)), Growth::MoreSets);
        assert_eq!(Growth::of(reps(2, 8), reps(1, 8)), Growth::Less);
        assert_eq!(Growth::of(hold(5, 5), hold(8, 5)), Growth::LongerHolds);
        assert_eq!(Growth::of(hold(5, 5), hold(5, 8)), Growth::MoreRepetitions);
        assert_eq!(Growth::of(hold(8, 5), hold(5, 5)), Growth::Less);
        assert_eq!(
            Growth::of(Dose::Minutes { minutes: 8 }, Dose::Minutes { minutes: 5 }),
            Growth::Less
        );
        assert_eq!(
            Growth::of(reps(1, 8), Dose::Minutes { minutes: 5 }),
            Growth::Other
        );
    }

    #[test]
    fn different_days_are_a_change() {
        let before = week(vec![("A", 20, vec![]), ("B", 20, vec![])]);
        let mut after = before.clone();
        after.days.swap(1, 2);
        assert!(week_changes(&before, &after, catalog()).days);
    }

    /// Every exercise and amount of a later week can be read from week 1
    /// and the changes: applying them gives the week's exercises back.
    #[test]
    fn the_changes_of_the_typical_plan_rebuild_every_week() {
        let plan = typical();
        for pair in plan.weeks.windows(2) {
            let (before, after) = (&pair[0], &pair[1]);
            let changes = week_changes(before, after, catalog());
            assert!(!changes.is_empty(), "week {} changes nothing", after.number);
            for session in &after.sessions {
                for item in session.items() {
                    let old = before
                        .sessions
                        .iter()
                        .find(|s| s.label == session.label)
                        .and_then(|s| s.items().find(|i| i.slug == item.slug))
                        .map(|i| i.dosage.as_str());
                    let told = changes
                        .amounts
                        .iter()
                        .chain(&changes.added)
                        .find(|c| c.slug == item.slug && c.sessions.contains(&session.label));
                    match (old, told) {
                        (Some(old), None) => assert_eq!(old, item.dosage, "{}", item.slug),
                        (_, Some(change)) => assert_eq!(change.dosage, item.dosage),
                        (None, None) => {
                            panic!("week {}: {} is new but not said", after.number, item.slug)
                        }
                    }
                }
            }
            for same in &changes.unchanged {
                for session in &after.sessions {
                    let now = session.items().find(|i| i.slug == same.slug);
                    let then = before
                        .sessions
                        .iter()
                        .find(|s| s.label == session.label)
                        .and_then(|s| s.items().find(|i| i.slug == same.slug));
                    assert_eq!(
                        now.map(|i| &i.dosage),
                        then.map(|i| &i.dosage).filter(|_| now.is_some())
                    );
                }
            }
            for gone in &changes.dropped {
                assert!(
                    !after
                        .sessions
                        .iter()
                        .any(|s| s.items().any(|i| i.slug == gone.slug))
                );
            }
        }
    }
}
