//! The levels a plan's weeks may take: the ladder from the easier tier's
//! lightest amounts to the harder tier's top, and the words for moving
//! between tiers.

use super::BASE_WEEKS;
use crate::routine::planner::{Level, STEP_MIN, Step, Tier};

/// The bounds of the levels a plan's weeks may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ladder {
    /// The plan's own highest step.
    pub(super) top: Step,
    /// Ladder indexes (see [`Level::index`]) of the base tier's lightest
    /// and top steps: the bounds of weeks 1 to [`BASE_WEEKS`].
    base_low: i16,
    base_high: i16,
    /// The bounds of the later weeks: the easier tier's lightest and the
    /// harder tier's top, where those tiers change something (else the
    /// base tier's).
    pub(super) low: i16,
    high: i16,
}

impl Ladder {
    pub(super) fn new(top: Step, harder: bool, easier: bool) -> Ladder {
        let base_low = Level::base(STEP_MIN).index(top);
        let base_high = Level::base(top).index(top);
        Ladder {
            top,
            base_low,
            base_high,
            low: if easier { 0 } else { base_low },
            high: if harder {
                Level {
                    tier: Tier::Harder,
                    step: top,
                }
                .index(top)
            } else {
                base_high
            },
        }
    }

    /// The bounds of week `number`: weeks 1 to [`BASE_WEEKS`] keep to
    /// the base tier, as the planner made them; later weeks may use the
    /// easier and harder versions.
    pub(super) fn bounds(&self, number: u8) -> (i16, i16) {
        if number <= BASE_WEEKS {
            (self.base_low, self.base_high)
        } else {
            (self.low, self.high)
        }
    }

    pub(super) fn clamp(&self, number: u8, index: i16) -> i16 {
        let (low, high) = self.bounds(number);
        index.clamp(low, high)
    }

    pub(super) fn level(&self, index: i16) -> Level {
        Level::at(index, self.top)
    }

    pub(super) fn index(&self, level: Level) -> i16 {
        level.index(self.top)
    }

    /// The top index of the tier `index` is in.
    pub(super) fn tier_top(&self, index: i16) -> i16 {
        self.index(Level {
            tier: self.level(index).tier,
            step: self.top,
        })
    }
}

/// The words for a change of tier from `from` to `to`, if it is one.
pub(super) fn tier_change(from: Level, to: Level) -> Option<&'static str> {
    match (from.tier, to.tier) {
        (a, b) if a == b => None,
        (_, Tier::Harder) => Some("moves on to harder versions of some of your exercises"),
        (_, Tier::Easier) => Some("goes back to easier versions of some of your exercises"),
        (Tier::Harder, Tier::Base) => {
            Some("goes back from the harder versions to your usual exercises")
        }
        _ => Some("moves back up to your usual versions of the exercises"),
    }
}
