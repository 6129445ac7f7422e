//! Red-flag screening: warning signs that mean "see a doctor first", and how
//! urgently. An emergency sign always stops the routine builder; an urgent
//! one does too, unless the person says a doctor has already checked it.

use serde::{Deserialize, Serialize};

use super::signs::{Level, WarningSigns};

vocab!(
    /// A warning sign from the first question of the routine form. The
    /// words people see and each sign's urgency come from the warning-signs
    /// table ([`super::signs::WarningSigns`]); these labels are only the
    /// names used in code and logs.
    RedFlag {
        SaddleNumbness = "saddle_numbness", "Numbness around the genitals or buttocks";
        BladderBowel = "bladder_bowel", "Bladder or bowel trouble";
        SexualFunction = "sexual_function", "New loss of genital feeling or erection trouble";
        BothLegs = "both_legs", "Symptoms in both legs";
        ChestPain = "chest_pain", "Chest pain";
        MajorTrauma = "major_trauma", "Pain after a serious accident";
        Fever = "fever", "High temperature";
        WeightLoss = "weight_loss", "Unexplained weight loss";
        CancerHistory = "cancer_history", "Cancer in the past";
        NightPain = "night_pain", "Pain not easing with rest, or worse at night";
        LumpOrShape = "lump_or_shape", "A lump or a change in the back's shape";
        ShoulderBlades = "shoulder_blades", "Pain between the shoulder blades";
        CoughSneeze = "cough_sneeze", "Pain much worse on coughing, sneezing or pooing";
        FractureRisk = "fracture_risk", "Possible fracture (osteoporosis or steroid tablets)";
        Immune = "immune", "Weakened immune system or injecting drugs";
        LegWeakness = "leg_weakness", "Weakness or numbness in one leg that is getting worse";
    }
);

/// How soon a person must get medical help before a routine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Advice from a doctor today (NHS 111 or an urgent GP appointment).
    Urgent,
    /// Call the emergency number or go to an emergency department now.
    Emergency,
}

impl Urgency {
    /// The table's level for this urgency.
    pub fn level(self) -> Level {
        match self {
            Urgency::Urgent => Level::Urgent,
            Urgency::Emergency => Level::Emergency,
        }
    }
}

/// "See a doctor first": which answers raised it and how urgent it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// The most urgent level among the flags.
    pub urgency: Urgency,
    /// Every flag given, emergency ones first, each in form order.
    pub flags: Vec<RedFlag>,
}

/// What the warning signs mean for a routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screened {
    /// No warning sign: plan as usual.
    Clear,
    /// Urgent signs only, and the person says a doctor has already checked
    /// them and said they can exercise: a gentle plan, naming the signs.
    Checked(Vec<RedFlag>),
    /// See a doctor first; no routine.
    Refer(Referral),
}

/// Screens the form's warning signs, with their levels from `signs`.
/// `assessed` ("a doctor has already checked these signs") lets urgent
/// signs through to a gentle plan; it never overrides an emergency sign.
pub fn screen(flags: &[RedFlag], signs: &WarningSigns, assessed: bool) -> Screened {
    let urgency_of = |flag: RedFlag| match signs.level_of(flag) {
        Level::Urgent => Urgency::Urgent,
        // A form sign is never `soon` (the loader refuses it); if it were,
        // treating it as an emergency is the safe reading.
        Level::Emergency | Level::Soon => Urgency::Emergency,
    };
    let Some(urgency) = flags.iter().map(|f| urgency_of(*f)).max() else {
        return Screened::Clear;
    };
    let mut flags = flags.to_vec();
    flags.sort_by_key(|f| (std::cmp::Reverse(urgency_of(*f)), *f));
    flags.dedup();
    if urgency == Urgency::Urgent && assessed {
        Screened::Checked(flags)
    } else {
        Screened::Refer(Referral { urgency, flags })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signs() -> WarningSigns {
        WarningSigns::parse(
            include_str!("../../content/warning-signs.toml"),
            "warning-signs.toml",
        )
        .unwrap()
    }

    #[test]
    fn no_flags_is_clear_whether_or_not_assessed() {
        assert_eq!(screen(&[], &signs(), false), Screened::Clear);
        assert_eq!(screen(&[], &signs(), true), Screened::Clear);
    }

    #[test]
    fn every_flag_refers_at_the_tables_level_and_only_urgent_ones_can_be_checked() {
        let signs = signs();
        for flag in RedFlag::ALL {
            let level = signs.level_of(*flag);
            let Screened::Refer(referral) = screen(&[*flag], &signs, false) else {
                panic!("{flag} did not refer");
            };
            assert_eq!(referral.urgency.level(), level, "{flag}");
            assert_eq!(referral.flags, vec![*flag]);
            let assessed = screen(&[*flag], &signs, true);
            match level {
                Level::Urgent => assert_eq!(assessed, Screened::Checked(vec![*flag])),
                _ => assert_eq!(assessed, Screened::Refer(referral)),
            }
        }
        assert_eq!(RedFlag::ALL.len(), 16);
    }

    #[test]
    fn the_most_urgent_flag_wins_is_listed_first_and_beats_assessed() {
        let flags = [RedFlag::Fever, RedFlag::ChestPain, RedFlag::Fever];
        for assessed in [false, true] {
            let Screened::Refer(referral) = screen(&flags, &signs(), assessed) else {
                panic!("an emergency sign was let through");
            };
            assert_eq!(referral.urgency, Urgency::Emergency);
            assert_eq!(referral.flags, vec![RedFlag::ChestPain, RedFlag::Fever]);
        }
    }
}
