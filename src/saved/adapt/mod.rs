//! A saved routine that responds to the person: the pain-monitoring rules
//! turn the progress log into each session's amounts, with a reason a
//! person can read, and say when to show the flare-up plan.
//!
//! Pure and deterministic: (the plan's [`Shape`], the log, the start date,
//! now) → each of the [`WEEKS`] weeks' settings as they stand, their
//! reasons and the flare-up state. The saved plan snapshot is never
//! changed; the adapted weeks are rebuilt by the planner itself
//! ([`crate::routine::planner::plan_at_settings`]), so every safety rule of
//! the planner still holds after any adaptation.
//!
//! A week's [`Level`] is a tier (the easier variants, the exercises
//! themselves, the harder variants) and a step of amounts within it, from
//! lighter than the catalog's week 1 up to the plan's own top step (week 4
//! for most, week 3 after a slower start, week 1 for a gentle plan).
//! Levels run easier (lightest to top) < base < harder. Weeks 1 to
//! [`BASE_WEEKS`] keep to the base tier, as the planner made them; from
//! week 5 the plan goes on one level a week from where week 4 left the
//! person, after each week with a session that went well, up to the
//! harder tier's top, and the same rules move it, down to the easier
//! tier's lightest. A tier that would change none of the plan's exercises
//! (no harder versions in a gentle plan or in pregnancy, say) is never
//! used. Moving on never skips a tier's top: the harder versions come only
//! after the top amounts of the usual ones.
//!
//! The rules, per logged session (physiotherapy's pain-monitoring model,
//! Silbernagel et al. 2007; Smith et al. 2017: exercise into some pain is
//! not worse than pain-free exercise for chronic musculoskeletal pain):
//! - **green**: pain during and after at most [`GREEN_MAX`] and the back not
//!   worse the next morning;
//! - **amber**: pain during or after above [`GREEN_MAX`] but below
//!   [`RED_FROM`], or the back worse the next morning (once);
//! - **red**: pain during or after [`RED_FROM`] or more, or the back worse
//!   the next morning twice in a row.
//!
//! A session with none of the three answers (or not done) is neither: it
//! moves nothing. Sessions are read in the order of their dates, and each
//! acts at once, on the rest of its week:
//! - red: one level back from the last amounts that were green (or from
//!   where the person is, if lower; into the easier versions at their
//!   lightest), with the hardest exercise of each session paused (the
//!   planner shows which) until a green session, and the flare-up plan;
//! - amber: back to the last amounts that were green;
//! - either holds until a green session.
//!
//! Then, week by week: a week starts where the last one left the person
//! and follows the plan's own progression from there; two sessions "too
//! easy" in a week with nothing amber or red move one level further.
//!
//! By job: this file holds the rules' numbers, one session's light and the
//! result types; `ladder` the levels a week may take; `reading` the log
//! read session by session and week by week ([`adapt_from`]).

mod ladder;
mod reading;
#[cfg(test)]
mod tests;

use serde::Serialize;

use super::{LogEntry, Morning};
use crate::routine::planner::{Level, Setting, Step, WEEKDAYS, WeekSettings};

pub use reading::{adapt, adapt_from};

/// Pain (0–10) up to this is fine during and after a session.
pub const GREEN_MAX: u8 = 5;
/// Pain (0–10) from this is a flare-up.
pub const RED_FROM: u8 = 8;
/// Sessions felt too easy in one week (with nothing amber or red) that move
/// the next week one step ahead.
pub const TOO_EASY_TO_STEP_AHEAD: usize = 2;
/// How many weeks a saved routine runs (the length of the group exercise
/// programmes NICE NG59 refers to).
pub const WEEKS: u8 = 12;
/// Weeks 1 to this keep to the base tier: the plan as it was made, moved
/// only between the catalog's amounts. Variants come in after it.
pub const BASE_WEEKS: u8 = 4;
/// The flare-up plan covers this long after a red session.
pub const FLARE_HOURS: i64 = 48;
/// Two red sessions this close together add "book an appointment".
pub const REPEAT_RED_DAYS: i64 = 7;

/// How one logged session went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Amber,
    Red,
}

/// "Wednesday of week 2".
fn when(entry: &LogEntry) -> String {
    format!("{} of week {}", weekday(entry.day), entry.week)
}

/// Why a session was amber or red, in words that finish a sentence
/// ("because …"). A worse morning is told with the session before
/// (`previous`): the question asks about this morning compared with
/// before the last session, so it is that session the back reacted to.
fn why(
    entry: &LogEntry,
    light: Light,
    second_worse_morning: bool,
    previous: Option<&LogEntry>,
) -> String {
    let during = entry.pain_during.unwrap_or(0);
    let after = entry.pain.unwrap_or(0);
    let worst = during.max(after);
    let during_or_after = if during >= after { "during" } else { "after" };
    let pain_first = worst > GREEN_MAX && !(second_worse_morning && worst < RED_FROM);
    match (light, pain_first, previous) {
        (Light::Red | Light::Amber, true, _) => format!(
            "your pain was {worst} out of 10 {during_or_after} the session on {}",
            when(entry)
        ),
        (Light::Red, false, Some(previous)) if second_worse_morning => format!(
            "your back felt worse the morning after two sessions in a row, the last on {}",
            when(previous)
        ),
        (Light::Red, false, None) if second_worse_morning => format!(
            "your back felt worse the morning after two sessions in a row (you told us on {})",
            when(entry)
        ),
        (_, _, Some(previous)) => format!(
            "your back felt worse the morning after the session on {}",
            when(previous)
        ),
        (_, _, None) => format!(
            "your back felt worse on the morning of {} than before your last session",
            when(entry)
        ),
    }
}

/// The light of one session on its own (a second worse morning in a row is
/// found by [`adapt`]). `None`: not done, or none of the answers given.
pub fn light(entry: &LogEntry) -> Option<Light> {
    if !entry.done {
        return None;
    }
    if entry.pain_during.is_none() && entry.pain.is_none() && entry.morning.is_none() {
        return None;
    }
    let worst = worst_pain(entry);
    Some(if worst >= RED_FROM {
        Light::Red
    } else if worst > GREEN_MAX || entry.morning == Some(Morning::Worse) {
        Light::Amber
    } else {
        Light::Green
    })
}

fn worst_pain(entry: &LogEntry) -> u8 {
    entry.pain_during.unwrap_or(0).max(entry.pain.unwrap_or(0))
}

/// What a plan can move between: its own four weeks, the tiers that
/// would change any of its exercises, and its session days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The steps of the plan's four weeks as the planner made them.
    pub planned: [Step; 4],
    /// The harder versions change some exercise of the plan (never in a
    /// gentle plan).
    pub harder: bool,
    /// The easier versions change some exercise of the plan.
    pub easier: bool,
    /// The days with a session, 1 = Monday.
    pub days: Vec<u8>,
}

impl Shape {
    /// Sessions every day and both tiers where the plan allows them: for
    /// reading a log without the plan at hand.
    pub fn every_day(planned: [Step; 4], gentle: bool) -> Shape {
        Shape {
            planned,
            harder: !gentle,
            easier: true,
            days: (1..=7).collect(),
        }
    }
}

/// A change within a week, from the session after one that hurt too much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The session it follows (1 = Monday).
    pub after: u8,
    /// The week's later session days it applies to (1 = Monday).
    pub days: Vec<u8>,
    pub setting: Setting,
    pub reason: String,
}

/// One week as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdaptedWeek {
    /// 1 to [`WEEKS`].
    pub number: u8,
    /// The level the plan gives this week: the planner's steps in weeks 1
    /// to 4, then one level a week on from where week 4 left the person.
    pub planned: Level,
    /// The level the week starts at.
    pub level: Level,
    /// The hardest exercise of each session is paused from the start of
    /// the week (after a flare-up, until a session feels fine again).
    pub drop_hardest: bool,
    /// One sentence, when the week starts away from the plan or holds it
    /// back.
    pub reason: Option<String>,
    /// The week starts no higher than the last one ended, for a reason
    /// (a hold after a session that hurt, or nothing logged): the plan's
    /// "add a little" does not apply.
    pub held: bool,
    /// Changes after its sessions, in order.
    pub changes: Vec<Change>,
}

impl AdaptedWeek {
    /// The step of this week's amounts within its tier, at its start.
    pub fn step(&self) -> Step {
        self.level.step
    }

    /// The setting the week starts with.
    pub fn setting(&self) -> Setting {
        Setting {
            level: self.level,
            drop_hardest: self.drop_hardest,
        }
    }

    /// Each day's setting, Monday first.
    pub fn settings(&self) -> WeekSettings {
        let mut days = [self.setting(); 7];
        for change in &self.changes {
            for day in &change.days {
                if let Some(slot) = days.get_mut(usize::from(day.saturating_sub(1))) {
                    *slot = change.setting;
                }
            }
        }
        days
    }

    /// Exactly as the plan made it.
    pub fn as_planned(&self) -> bool {
        self.level == self.planned && !self.drop_hardest && self.changes.is_empty()
    }

    /// Every sentence that says why the week is as it is, in one line.
    pub fn reasons(&self) -> Option<String> {
        let all: Vec<&str> = self
            .reason
            .iter()
            .map(String::as_str)
            .chain(self.changes.iter().map(|c| c.reason.as_str()))
            .collect();
        (!all.is_empty()).then(|| all.join(" "))
    }
}

/// The flare-up plan, shown after a red session (or one skipped with
/// severe pain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flare {
    /// The session: week and day (1 = Monday).
    pub week: u8,
    pub day: u8,
    /// Within the first 48 hours after it.
    pub recent: bool,
    /// A second one within 7 days: book an appointment.
    pub repeated: bool,
    /// The sessions after it are lighter (a red session; one skipped with
    /// severe pain moves no amounts).
    pub lighter: bool,
    /// It was a session not done (skipped because of the pain).
    pub skipped: bool,
    /// The next planned session after it, if the routine has one: week and
    /// day.
    pub next: Option<(u8, u8)>,
}

/// The log read against the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adaptation {
    pub weeks: Vec<AdaptedWeek>,
    /// The latest red session, if no green or amber one came after it.
    pub flare: Option<Flare>,
    /// Each classified session: (week, day, light).
    pub lights: Vec<(u8, u8, Light)>,
    /// The sessions after which the plan changed: (week, day).
    pub adjusted: Vec<(u8, u8)>,
}

impl Adaptation {
    /// The steps weeks 1 to 4 start at (always in the base tier).
    pub fn steps(&self) -> [Step; 4] {
        let mut steps = [0; 4];
        for (i, week) in self.weeks.iter().take(4).enumerate() {
            steps[i] = week.level.step;
        }
        steps
    }

    /// The level each week starts at.
    pub fn levels(&self) -> Vec<Level> {
        self.weeks.iter().map(|w| w.level).collect()
    }

    /// Each week's days, for the planner.
    pub fn settings(&self) -> Vec<WeekSettings> {
        self.weeks.iter().map(AdaptedWeek::settings).collect()
    }

    /// Has any week moved from the plan?
    pub fn changed(&self) -> bool {
        self.weeks.iter().any(|w| !w.as_planned())
    }

    /// The same log read as if it moved nothing: for a routine whose plan
    /// can no longer be rebuilt, so the page never gives reasons for
    /// changes it does not show. The flare-up advice stays.
    pub fn unmoved(mut self) -> Adaptation {
        for week in &mut self.weeks {
            week.level = week.planned;
            week.drop_hardest = false;
            week.reason = None;
            week.held = false;
            week.changes.clear();
        }
        if let Some(flare) = &mut self.flare {
            flare.lighter = false;
        }
        self.adjusted.clear();
        self
    }
}

fn weekday(day: u8) -> &'static str {
    WEEKDAYS
        .get(usize::from(day.saturating_sub(1)))
        .copied()
        .unwrap_or("a")
}
