//! The planner: answers + catalog → a referral or a four-week plan (and,
//! for a saved routine, its weeks 5 to 12 at given levels:
//! [`plan_at_levels`]).
//!
//! Pure and deterministic: no clock, no randomness, no hash-map order; the
//! same answers give the same plan, byte for byte once serialized.
//!
//! How a plan is built:
//! 1. Warning signs are screened with the warning-signs table: an emergency
//!    sign, or an urgent one a doctor has not checked, gives
//!    [`Outcome::SeeADoctor`] and nothing else. Under 16 gets
//!    [`Outcome::NotForChildren`]; pain of 9 or 10 gets [`Outcome::EaseFirst`].
//! 2. A [`Profile`] is read from the answers: which spine movements,
//!    positions and balance demands to rule out, which equipment is there,
//!    whether weights are allowed, whether the plan must be gentle (pain ≥ 7,
//!    or urgent signs a doctor has checked), whether to start lower
//!    (sedentary, postnatal) and which exercises every session must have
//!    (pelvic floor in pregnancy and after birth, the nerve glide for
//!    sciatica).
//! 3. Each part of a session (warm-up, core, strength, stretches, cardio,
//!    cool-down) gets a pool of allowed exercises, in catalog order.
//! 4. Sessions are filled within the time budget: the core items first, then
//!    extras while they fit; cardio (in whole minutes) takes the rest so the
//!    session lands between 60% and 100% of the chosen minutes.
//!
//! By job: `outcome` (what the planner answers, as plain data), `profile`
//! (what the answers rule in and out), `levels` (the ladder of amounts and
//! exercise versions a week is dosed at), `session` (filling one session
//! within its time) and `advice` (the avoid-list, notes and each week's
//! focus). Everything other modules use is re-exported here.

mod advice;
mod levels;
mod outcome;
mod profile;
mod session;

use std::collections::BTreeSet;

use super::answers::{Age, Answers, Pregnancy};
use super::catalog::Catalog;
use super::screening::{Screened, screen};
use super::signs::WarningSigns;

use advice::focus;
pub use advice::{PAIN_RULE, see_soon};
pub(crate) use advice::{avoid_list, notes};
use levels::{Dosing, Stage, stages};
pub use levels::{
    Level, STEP_MAX, STEP_MIN, Setting, Step, Tier, WeekSettings, planned_steps, top_step,
};
pub use outcome::{
    AvoidItem, Block, Day, ExerciseLink, Item, Outcome, Part, Plan, Session, SessionKind, Week,
};
pub use profile::{ALWAYS_EXCLUDED, Profile, fragile_bones, is_crunch};
use session::{Pools, build_session};

/// Pain at or above this gets the gentle plan.
pub const GENTLE_FROM_PAIN: u8 = 7;
/// Pain at or above this gets no routine: ease the pain first.
pub const EASE_FIRST_FROM_PAIN: u8 = 9;
/// Added to every session in pregnancy and after birth.
pub const PELVIC_FLOOR: &str = "pelvic-floor-squeeze";
/// Added to every session when pain goes below the knee in one leg.
pub const NERVE_GLIDE: &str = "sciatic-nerve-glide";
/// Shortest cardio piece in a session, in minutes.
pub const CARDIO_MIN: u32 = 3;

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Weekday indexes (0 = Monday) with a session, spread out over the week.
pub fn session_days(days: u8) -> Vec<usize> {
    match days {
        0..=2 => vec![0, 3],
        3 => vec![0, 2, 4],
        4 => vec![0, 1, 3, 5],
        5 => vec![0, 1, 2, 4, 5],
        6 => vec![0, 1, 2, 3, 4, 5],
        _ => vec![0, 1, 2, 3, 4, 5, 6],
    }
}

/// Weekday indexes of strength sessions: two or three, never on two days in
/// a row (Sunday and Monday count as in a row).
pub fn strength_days(days: u8) -> Vec<usize> {
    match days {
        0..=2 => vec![0, 3],
        3 => vec![0, 4],
        4 => vec![0, 3],
        _ => vec![0, 2, 4],
    }
}

/// The plan for these answers, or what to do instead: a referral when a
/// warning sign calls for one, the adults-only answer under 16, or how to
/// ease severe pain first.
pub fn plan(answers: &Answers, catalog: &Catalog, signs: &WarningSigns) -> Outcome {
    plan_with(answers, catalog, signs, None)
}

/// The plan for these answers with each week's amounts set by `steps`
/// (clamped from [`STEP_MIN`] to the planner's own top step for this
/// person, so a gentle plan stays gentle) instead of the planner's own
/// progression: how a saved routine adapts to its log. Everything else,
/// every safety rule included, is the planner's, so an adapted plan keeps
/// them all. Warning signs, age and pain still decide first.
pub fn plan_at_steps(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    steps: &[Step; 4],
) -> Outcome {
    plan_at_levels(answers, catalog, signs, &steps.map(Level::base))
}

/// The plan for these answers with one week per level, numbered from 1:
/// how a saved routine goes on past week 4 (12 weeks). Each level is
/// clamped to this person's ladder: steps from [`STEP_MIN`] to the
/// planner's own top step, and never the harder tier in a gentle plan.
/// In the harder (easier) tier each exercise is swapped, in its place,
/// for its `harder` (`easier`) variant when the catalog has one that
/// [`Profile::allows`]; the others keep the base tier's top (lightest)
/// amounts, so moving up a level never makes an exercise lighter.
pub fn plan_at_levels(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    levels: &[Level],
) -> Outcome {
    let weeks: Vec<WeekSettings> = levels.iter().map(|l| [Setting::at(*l); 7]).collect();
    plan_with(answers, catalog, signs, Some(&weeks))
}

/// [`plan_at_levels`] with a setting per day: how a saved routine goes
/// lighter for the rest of a week after a session that hurt too much,
/// with the hardest exercise of each of those sessions paused after a
/// flare-up. Which exercises a week uses still follows its place in the
/// calendar (the planner's own order for weeks 1 to 4, the top week's
/// after them), so a week that moves up or down keeps the same exercises
/// (or their variants) at other amounts.
pub fn plan_at_settings(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    weeks: &[WeekSettings],
) -> Outcome {
    plan_with(answers, catalog, signs, Some(weeks))
}

/// Which of the tiers would change any exercise of this person's plan: is
/// there a harder (easier) version of one of its exercises that they may
/// do? A saved routine only moves into a tier that changes something, so
/// it never says "harder versions" when there are none (in pregnancy, say).
/// `(false, false)` when the answers give no plan.
pub fn tiers_that_change(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
) -> (bool, bool) {
    let profile = Profile::new(answers, false);
    let top = top_step(profile.gentle, profile.slower_start);
    // Compared in weeks 5 to 8, which pick exercises in one order.
    let levels = [
        Level::base(top),
        Level::base(top),
        Level::base(top),
        Level::base(top),
        Level::base(top),
        Level {
            tier: Tier::Harder,
            step: top,
        },
        Level::base(STEP_MIN),
        Level {
            tier: Tier::Easier,
            step: STEP_MIN,
        },
    ];
    let Outcome::Plan(plan) = plan_at_levels(answers, catalog, signs, &levels) else {
        return (false, false);
    };
    let slugs = |w: usize| -> BTreeSet<&str> {
        plan.weeks
            .get(w)
            .into_iter()
            .flat_map(|week| week.sessions.iter().flat_map(|s| s.items()))
            .map(|item| item.slug.as_str())
            .collect()
    };
    (slugs(4) != slugs(5), slugs(6) != slugs(7))
}

/// [`tiers_that_change`] remembered per answers, for one loaded catalog
/// (it lives in the content it was computed from, so a reload starts it
/// afresh). A saved routine's page asks on every view; the answer costs a
/// plan of eight weeks to find.
#[derive(Default)]
pub struct TierMemo(std::sync::Mutex<std::collections::HashMap<String, (bool, bool)>>);

/// Remembered answers kept at most (then it starts again).
const TIER_MEMO_MAX: usize = 10_000;

impl TierMemo {
    pub fn get(&self, answers: &Answers, catalog: &Catalog, signs: &WarningSigns) -> (bool, bool) {
        let key = answers.to_query();
        let lock = || {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(found) = lock().get(&key) {
            return *found;
        }
        let tiers = tiers_that_change(answers, catalog, signs);
        let mut map = lock();
        if map.len() >= TIER_MEMO_MAX {
            map.clear();
        }
        map.insert(key, tiers);
        tiers
    }
}

/// A copy starts empty: what it remembers belongs to one catalog.
impl Clone for TierMemo {
    fn clone(&self) -> TierMemo {
        TierMemo::default()
    }
}

impl std::fmt::Debug for TierMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TierMemo")
    }
}

fn plan_with(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    levels: Option<&[WeekSettings]>,
) -> Outcome {
    let checked = match screen(&answers.red_flags, signs, answers.assessed) {
        Screened::Refer(referral) => return Outcome::SeeADoctor(referral),
        Screened::Checked(flags) => flags,
        Screened::Clear => Vec::new(),
    };
    if answers.age == Some(Age::Under16) {
        return Outcome::NotForChildren;
    }
    if answers.pain >= EASE_FIRST_FROM_PAIN {
        return Outcome::EaseFirst {
            pain: answers.pain,
            pregnant: answers.pregnancy == Pregnancy::Pregnant,
        };
    }
    let profile = Profile::new(answers, !checked.is_empty());
    let pools = Pools::new(&profile, catalog);
    let top = top_step(profile.gentle, profile.slower_start);
    // Each week's days as dosings, with the order its exercises are picked
    // in: its place in the calendar, not its amounts.
    let planned = stages(&profile);
    let order_of = |w: usize| planned.get(w).copied().unwrap_or(Stage::from_step(top));
    let dosings: Vec<[(Dosing, bool); 7]> = match levels {
        // Never past the planner's own top amounts for this person (a
        // gentle plan stays gentle), never below the lightest.
        Some(weeks) => weeks
            .iter()
            .enumerate()
            .map(|(w, days)| {
                days.map(|setting| {
                    let level = if profile.gentle && setting.level.tier == Tier::Harder {
                        Level::base(top)
                    } else {
                        setting.level
                    };
                    (
                        Dosing::new(
                            level.tier,
                            Stage::from_step(level.step.clamp(STEP_MIN, top)),
                            top,
                            order_of(w),
                        ),
                        setting.drop_hardest,
                    )
                })
            })
            .collect(),
        None => planned
            .iter()
            .map(|stage| [(Dosing::new(Tier::Base, *stage, top, *stage), false); 7])
            .collect(),
    };
    let on = session_days(profile.days);
    let strong = if profile.gentle {
        Vec::new()
    } else {
        strength_days(profile.days)
    };
    // Sessions repeat across weeks at the same level: build each once.
    let mut built: Vec<((Dosing, bool, SessionKind, usize), Session)> = Vec::new();
    let weeks = dosings
        .iter()
        .enumerate()
        .map(|(w, week)| {
            let mut sessions: Vec<Session> = Vec::new();
            let mut keys: Vec<(Dosing, bool, SessionKind, usize)> = Vec::new();
            let (mut strength_n, mut other_n) = (0, 0);
            let mut days = Vec::with_capacity(7);
            for (d, weekday) in WEEKDAYS.iter().enumerate() {
                let mut session = None;
                if on.contains(&d) {
                    let (dosing, drop_hardest) = week[d];
                    let (kind, variant) = if strong.contains(&d) {
                        strength_n += 1;
                        (SessionKind::Strength, (strength_n - 1) % 2)
                    } else {
                        other_n += 1;
                        let kind = if profile.gentle {
                            SessionKind::Gentle
                        } else {
                            SessionKind::Mobility
                        };
                        (kind, (other_n - 1) % 2)
                    };
                    let key = (dosing, drop_hardest, kind, variant);
                    let index = match keys.iter().position(|k| *k == key) {
                        Some(i) => i,
                        None => {
                            let mut new = match built.iter().find(|(k, _)| *k == key) {
                                Some((_, s)) => s.clone(),
                                None => {
                                    let s = build_session(
                                        &pools,
                                        &profile,
                                        dosing,
                                        kind,
                                        variant,
                                        drop_hardest,
                                    );
                                    built.push((key, s.clone()));
                                    s
                                }
                            };
                            new.label = label(sessions.len());
                            sessions.push(new);
                            keys.push(key);
                            sessions.len() - 1
                        }
                    };
                    session = Some(label(index));
                }
                days.push(Day {
                    weekday: (*weekday).to_owned(),
                    session,
                });
            }
            Week {
                number: u8::try_from(w + 1).unwrap_or(u8::MAX),
                focus: focus(w, week[0].0, &profile),
                days,
                sessions,
            }
        })
        .collect();
    let mut plan = Plan {
        gentle: profile.gentle,
        slower_start: profile.slower_start,
        min_minutes: profile.min_minutes,
        max_minutes: profile.max_minutes,
        weeks,
        avoid: avoid_list(answers, &profile, catalog),
        notes: notes(answers, &profile),
        see_soon: see_soon(answers),
        checked,
    };
    if let Some(why) = shorter_than_asked(answers, &profile, &plan) {
        // After the pain rule, before the rest: it explains the plan's size.
        plan.notes.insert(1.min(plan.notes.len()), why);
    }
    Outcome::Plan(plan)
}

/// Why the sessions are well under the time the person gave, when they
/// are (say 36 to 42 minutes of 60): the gentle plan says so in its own
/// note; otherwise the plan starts with small amounts and cannot fill a
/// long session in its first weeks, and an easy walk can use the rest
/// (staying active helps back pain: NICE NG59; NHS back pain).
fn shorter_than_asked(answers: &Answers, profile: &Profile, plan: &Plan) -> Option<String> {
    let asked = u32::from(answers.minutes);
    let (shortest, longest) = plan.session_minutes();
    if profile.gentle || longest == 0 || longest + 5 > asked {
        return None;
    }
    let took = if shortest == longest {
        format!("about {longest} minutes")
    } else {
        format!("about {shortest} to {longest} minutes")
    };
    Some(format!(
        "You said you have {asked} minutes. These sessions take {took}, because the plan starts with small amounts of each exercise and adds a little each week. If you want to use the spare time, add an easy walk: keeping active is one of the best things for back pain."
    ))
}

fn label(index: usize) -> String {
    let letter = b'A' + u8::try_from(index % 26).unwrap_or(0);
    char::from(letter).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_days_match_the_count_and_strength_days_are_never_in_a_row() {
        for days in 2..=7u8 {
            let on = session_days(days);
            assert_eq!(on.len(), usize::from(days));
            let strong = strength_days(days);
            assert!((2..=3).contains(&strong.len()), "{days}");
            for d in &strong {
                assert!(on.contains(d), "{days}: strength day {d} has no session");
                let next = (d + 1) % 7;
                assert!(!strong.contains(&next), "{days}: {d} and {next} in a row");
            }
        }
    }
}
