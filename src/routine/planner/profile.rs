//! The answers reduced to what chooses and doses exercises: which moves,
//! positions and balance demands are ruled out, which equipment is there,
//! how hard and how long.

use std::collections::BTreeSet;

use crate::routine::answers::{Activity, Age, Answers, Cause, Leg, Pregnancy, Worse};
use crate::routine::catalog::{Category, Equipment, Exercise, Position, Tag};
use crate::routine::screening::RedFlag;

use super::{GENTLE_FROM_PAIN, NERVE_GLIDE, PELVIC_FLOOR};

/// Gentle sessions stop at this many minutes (or 60% of the chosen time, if
/// that is more).
const GENTLE_CAP: u32 = 30;

/// The answers, reduced to what chooses and doses exercises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub gentle: bool,
    pub slower_start: bool,
    /// Tags no prescribed exercise may carry.
    pub excluded: BTreeSet<Tag>,
    /// Positions no prescribed exercise may use (pregnancy: lying on the
    /// back or front).
    pub excluded_positions: BTreeSet<Position>,
    /// No crunches (core work that bends the back forward): pregnancy and
    /// the first weeks after birth.
    pub no_crunch: bool,
    /// No exercise that needs balance without holding on: 65 and over and
    /// not very active, or osteoporosis (a fall costs more).
    pub no_balance: bool,
    /// Slugs every session must have, in this order.
    pub required: Vec<&'static str>,
    pub equipment: BTreeSet<Equipment>,
    pub weights_ok: bool,
    pub max_intensity: u8,
    pub days: u8,
    pub min_minutes: u32,
    pub max_minutes: u32,
}

/// Tags ruled out for everyone: the avoid-list's kinds of load.
pub const ALWAYS_EXCLUDED: [Tag; 3] = [Tag::Impact, Tag::HeavyLoad, Tag::Overhead];

/// Bones that may break more easily: osteoporosis given as the cause, or a
/// possible fracture (osteoporosis or long-term steroid tablets) that a
/// doctor has checked. Both get the Royal Osteoporosis Society's care: no
/// loaded bending or twisting, no jolting, no unsupported balance.
pub fn fragile_bones(answers: &Answers) -> bool {
    answers.cause == Cause::Osteoporosis || answers.red_flags.contains(&RedFlag::FractureRisk)
}

/// A crunch: core work that bends the back forward.
pub fn is_crunch(exercise: &Exercise) -> bool {
    exercise.category == Category::Core && exercise.has_tag(Tag::Flexion)
}

impl Profile {
    /// The profile for these answers. `checked`: urgent warning signs were
    /// given and a doctor has checked them (the plan is then gentle).
    pub fn new(answers: &Answers, checked: bool) -> Profile {
        let gentle = answers.pain >= GENTLE_FROM_PAIN || checked;
        let osteo = fragile_bones(answers);
        let mut excluded: BTreeSet<Tag> = ALWAYS_EXCLUDED.into_iter().collect();
        if osteo || answers.worse.contains(&Worse::BendingForward) {
            excluded.insert(Tag::Flexion);
        }
        if osteo {
            excluded.insert(Tag::Rotation);
        }
        if answers.worse.contains(&Worse::ArchingBack) {
            excluded.insert(Tag::Extension);
        }
        let pregnant = answers.pregnancy == Pregnancy::Pregnant;
        let postnatal = answers.pregnancy == Pregnancy::Postnatal;
        let mut excluded_positions = BTreeSet::new();
        if pregnant {
            excluded_positions.extend([Position::LyingBack, Position::LyingFront]);
        }
        let less_active = matches!(answers.activity, Activity::Sedentary | Activity::Light);
        let older_less_active = answers.age == Some(Age::Senior) && less_active;
        // Pregnancy: pelvic girdle pain advice is to avoid standing on one
        // leg and wide or split stances.
        let no_balance = osteo || older_less_active || pregnant;
        let mut required = Vec::new();
        if pregnant || postnatal {
            required.push(PELVIC_FLOOR);
        }
        if answers.leg == Leg::BelowKnee {
            required.push(NERVE_GLIDE);
        }
        let chosen = u32::from(answers.minutes);
        let min_minutes = (chosen * 3).div_ceil(5);
        let max_minutes = if gentle {
            min_minutes.max(GENTLE_CAP.min(chosen * 3 / 4))
        } else {
            chosen
        };
        Profile {
            gentle,
            slower_start: answers.activity == Activity::Sedentary || gentle || postnatal,
            excluded,
            excluded_positions,
            no_crunch: pregnant || postnatal,
            no_balance,
            required,
            equipment: answers.equipment.clone(),
            // After a birth, weights wait for the postnatal check, whatever
            // was answered about clearance.
            weights_ok: answers.cleared && !gentle && !postnatal,
            max_intensity: if gentle {
                1
            } else if answers.activity == Activity::Sedentary || postnatal || older_less_active {
                2
            } else {
                3
            },
            days: answers.days,
            min_minutes,
            max_minutes,
        }
    }

    /// May this exercise appear in this person's plan at all?
    pub fn allows(&self, exercise: &Exercise) -> bool {
        exercise.fits(&self.equipment)
            && !exercise.tags.iter().any(|t| self.excluded.contains(t))
            && !self.excluded_positions.contains(&exercise.position)
            && (!self.no_balance || !exercise.balance)
            && (!self.no_crunch || !is_crunch(exercise))
            && exercise.intensity <= self.max_intensity
            && (!exercise.uses_weights() || self.weights_ok)
            && !(self.gentle && exercise.category == Category::Strength)
    }
}
