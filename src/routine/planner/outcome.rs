//! What the planner answers: an [`Outcome`], and a [`Plan`] as plain data
//! (serializable, so a saved routine keeps it as a snapshot).

use serde::{Deserialize, Serialize};

use crate::routine::catalog::Dose;
use crate::routine::screening::{RedFlag, Referral};
use crate::routine::signs::SeeSoon;

/// What the planner answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// A warning sign: no routine, see a doctor.
    SeeADoctor(Referral),
    /// Under 16: the site is for adults; no routine.
    NotForChildren,
    /// Pain of 9 or 10 right now: how to ease it first; no routine.
    EaseFirst {
        pain: u8,
        /// Pain relief advice differs in pregnancy.
        pregnant: bool,
    },
    Plan(Plan),
}

/// A plan: four weeks from [`plan`](super::plan), as many as levels from
/// [`plan_at_levels`](super::plan_at_levels). Plain data, serializable as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Pain is 7 or more: no strength block, shorter sessions.
    pub gentle: bool,
    /// Starts below the usual week 1 and progresses more slowly.
    pub slower_start: bool,
    /// Each session's estimate lies between these (minutes).
    pub min_minutes: u32,
    pub max_minutes: u32,
    pub weeks: Vec<Week>,
    /// Moves to avoid, each with its reason: the avoid-list for everyone,
    /// then what was left out for this person.
    pub avoid: Vec<AvoidItem>,
    /// Advice that follows from the answers.
    pub notes: Vec<String>,
    /// Urgent warning signs a doctor has already checked (`assessed=yes`):
    /// the plan is gentle and names them with what would mean going back.
    #[serde(default)]
    pub checked: Vec<RedFlag>,
    /// "See a GP soon" advice from the answers, shown at the top.
    #[serde(default)]
    pub see_soon: Vec<SeeSoon>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// 1 to 4 (to 12 in a saved routine).
    pub number: u8,
    /// What changes this week, in a sentence.
    pub focus: String,
    /// Monday to Sunday, each naming its session (or a rest day).
    pub days: Vec<Day>,
    /// The week's different sessions, in order of first use; days refer to
    /// them by label.
    pub sessions: Vec<Session>,
}

impl Plan {
    /// Shortest and longest session of the plan, in minutes.
    pub fn session_minutes(&self) -> (u32, u32) {
        let minutes = self
            .weeks
            .iter()
            .flat_map(|w| w.sessions.iter().map(|s| s.minutes));
        let low = minutes.clone().min().unwrap_or(0);
        let high = minutes.max().unwrap_or(0);
        (low, high)
    }
}

impl Week {
    /// The session on a day, if it is not a rest day.
    pub fn session_on(&self, day: &Day) -> Option<&Session> {
        let label = day.session.as_deref()?;
        self.sessions.iter().find(|s| s.label == label)
    }

    /// Each day with its session (`None` on rest days).
    pub fn schedule(&self) -> impl Iterator<Item = (&Day, Option<&Session>)> {
        self.days.iter().map(|d| (d, self.session_on(d)))
    }

    pub fn session_count(&self) -> usize {
        self.days.iter().filter(|d| d.session.is_some()).count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    pub weekday: String,
    /// Label of the day's session in [`Week::sessions`]; `None`: rest day.
    pub session: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// Warm-up, core, strength, stretches, short cardio, cool-down.
    Strength,
    /// Warm-up, core, stretches, cardio, cool-down.
    Mobility,
    /// The gentle plan's session: easy moves only.
    Gentle,
}

impl SessionKind {
    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Strength => "Strength day",
            SessionKind::Mobility => "Core, stretching and cardio",
            SessionKind::Gentle => "Gentle movement",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// `A`, `B`, … within a week; the same label means the same session.
    pub label: String,
    pub kind: SessionKind,
    /// Estimated minutes: the sum of the items' minutes.
    pub minutes: u32,
    /// Parts in order: warm-up, core, strength, stretches, cardio, cool-down.
    pub blocks: Vec<Block>,
    /// The exercise left out after a flare-up (a saved routine's sessions
    /// after a very painful one, until a session feels fine again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<ExerciseLink>,
}

impl Session {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.blocks.iter().flat_map(|b| b.items.iter())
    }

    pub fn has(&self, part: Part) -> bool {
        self.blocks.iter().any(|b| b.part == part)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Warmup,
    Core,
    Strength,
    Stretch,
    Cardio,
    Cooldown,
}

impl Part {
    /// Most exercises of this part in one session; the rest of the time
    /// goes to cardio.
    pub(super) fn most(self) -> usize {
        match self {
            Part::Warmup => 2,
            Part::Core => 3,
            Part::Strength => 4,
            Part::Stretch => 3,
            Part::Cardio | Part::Cooldown => 1,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Warmup => "Warm-up",
            Part::Core => "Core",
            Part::Strength => "Strength",
            Part::Stretch => "Stretches",
            Part::Cardio => "Low-impact cardio",
            Part::Cooldown => "Cool-down",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub part: Part,
    pub items: Vec<Item>,
}

/// One exercise in a session, with this week's amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub slug: String,
    pub name: String,
    /// This week's dose in words, e.g. `2 sets of 8`.
    pub dosage: String,
    pub dose: Dose,
    /// Estimated whole minutes.
    pub minutes: u32,
}

/// Something to avoid, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvoidItem {
    pub name: String,
    pub reason: String,
    /// Exercise pages that explain it (an avoided move, or the exercises
    /// left out for this person).
    pub links: Vec<ExerciseLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseLink {
    pub slug: String,
    pub name: String,
}
