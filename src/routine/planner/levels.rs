//! The ladder a week is dosed on: steps of amounts (the catalog's weeks,
//! and one lighter), tiers of exercise versions (easier, base, harder), and
//! how the planner's own four weeks climb it.

use serde::{Deserialize, Serialize};

use crate::routine::catalog::{Dose, Exercise};

use super::profile::Profile;

/// Which dose of the catalog's four weeks a plan week uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// Lighter than the catalog's week 1.
    Lighter,
    /// The catalog's week (0-based).
    Week(usize),
}

impl Stage {
    pub(super) fn dose(self, exercise: &Exercise) -> Dose {
        match self {
            Stage::Lighter => exercise.dosage.weeks[0].lighter(),
            Stage::Week(i) => exercise.dosage.weeks[i.min(3)],
        }
    }
}

/// A week's amounts as a number, for adapting a plan to how it goes:
/// `-1` is lighter than the catalog's week 1, `0` to `3` are the catalog's
/// weeks 1 to 4. Lower is easier.
pub type Step = i8;
/// The lightest and the heaviest step.
pub const STEP_MIN: Step = -1;
pub const STEP_MAX: Step = 3;

/// Which version of each exercise a week uses: the easier variant, the
/// exercise itself, or the harder variant (the catalog's `easier` and
/// `harder` links), where the person's rules allow one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Easier,
    Base,
    Harder,
}

/// A week's level: the tier of its exercises and the step of their
/// amounts within it. Levels are ordered easier (steps -1 to the top),
/// then base, then harder; weeks 1 to 4 of a new plan are in the base
/// tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Level {
    pub tier: Tier,
    pub step: Step,
}

impl Level {
    /// The base tier at `step`: the plan as the planner first makes it.
    pub const fn base(step: Step) -> Level {
        Level {
            tier: Tier::Base,
            step,
        }
    }

    /// Steps in one tier of a plan whose highest step is `top`.
    fn width(top: Step) -> i16 {
        i16::from(top.clamp(STEP_MIN, STEP_MAX)) - i16::from(STEP_MIN) + 1
    }

    /// This level's place on the ladder of a plan whose highest step is
    /// `top`: 0 is the easier tier's lightest step.
    pub fn index(self, top: Step) -> i16 {
        let tier = match self.tier {
            Tier::Easier => 0,
            Tier::Base => 1,
            Tier::Harder => 2,
        };
        let step = i16::from(self.step.clamp(STEP_MIN, top.clamp(STEP_MIN, STEP_MAX)));
        tier * Level::width(top) + step - i16::from(STEP_MIN)
    }

    /// The level at a place on the ladder (clamped to the ladder).
    pub fn at(index: i16, top: Step) -> Level {
        let width = Level::width(top);
        let index = index.clamp(0, 3 * width - 1);
        let tier = match index / width {
            0 => Tier::Easier,
            1 => Tier::Base,
            _ => Tier::Harder,
        };
        let step = Step::try_from(index % width + i16::from(STEP_MIN)).unwrap_or(STEP_MIN);
        Level { tier, step }
    }
}

/// How one day's session is dosed: the week's level, and whether its
/// hardest exercise is paused (after a flare-up, until a session feels fine
/// again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Setting {
    pub level: Level,
    pub drop_hardest: bool,
}

impl Setting {
    /// The level as it is, nothing paused.
    pub const fn at(level: Level) -> Setting {
        Setting {
            level,
            drop_hardest: false,
        }
    }
}

/// A week's settings, Monday first: usually the same every day; after a
/// flare-up or a harder session than is good, the days after it are
/// lighter.
pub type WeekSettings = [Setting; 7];

/// The highest step of a plan as the planner makes it: the catalog's week
/// 4 for most, week 3 after a slower start, week 1 for a gentle plan.
pub fn top_step(gentle: bool, slower_start: bool) -> Step {
    planned_steps(gentle, slower_start)
        .into_iter()
        .max()
        .unwrap_or(STEP_MAX)
}

impl Stage {
    pub(super) fn step(self) -> Step {
        match self {
            Stage::Lighter => -1,
            Stage::Week(i) => Step::try_from(i).unwrap_or(STEP_MAX),
        }
    }

    pub(super) fn from_step(step: Step) -> Stage {
        match step {
            ..=-1 => Stage::Lighter,
            n => Stage::Week(usize::try_from(n.min(STEP_MAX)).unwrap_or(0)),
        }
    }
}

/// The steps of a plan's four weeks as the planner made them: gentle plans
/// stay light, slower starts begin below week 1.
pub fn planned_steps(gentle: bool, slower_start: bool) -> [Step; 4] {
    stage_list(gentle, slower_start).map(Stage::step)
}

pub(super) fn stages(profile: &Profile) -> [Stage; 4] {
    stage_list(profile.gentle, profile.slower_start)
}

fn stage_list(gentle: bool, slower_start: bool) -> [Stage; 4] {
    if gentle {
        [
            Stage::Lighter,
            Stage::Lighter,
            Stage::Week(0),
            Stage::Week(0),
        ]
    } else if slower_start {
        [
            Stage::Lighter,
            Stage::Week(0),
            Stage::Week(1),
            Stage::Week(2),
        ]
    } else {
        [
            Stage::Week(0),
            Stage::Week(1),
            Stage::Week(2),
            Stage::Week(3),
        ]
    }
}

/// How a week doses its exercises: the tier's variants at the week's
/// stage, and the exercises without a variant in that tier at `base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dosing {
    pub(super) tier: Tier,
    pub(super) stage: Stage,
    /// The base tier's top for the harder tier, its lightest for the
    /// easier one: a level up never makes an exercise lighter.
    pub(super) base: Stage,
    /// The week's place in the calendar, which decides the order the
    /// strength moves are picked in (easier ones first early on).
    pub(super) order: Stage,
}

impl Dosing {
    pub(super) fn new(tier: Tier, stage: Stage, top: Step, order: Stage) -> Dosing {
        let base = match tier {
            Tier::Base => stage,
            Tier::Harder => Stage::from_step(top),
            Tier::Easier => Stage::Lighter,
        };
        Dosing {
            tier,
            stage,
            base,
            order,
        }
    }
}
