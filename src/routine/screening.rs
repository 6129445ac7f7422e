//! Red-flag screening: warning signs that mean "see a doctor first", and how
//! urgently. Where any is present the site gives no routine at all.

use serde::{Deserialize, Serialize};

vocab!(
    /// A warning sign from the first question of the routine form.
    RedFlag {
        SaddleNumbness = "saddle_numbness", "New numbness or tingling around your genitals or buttocks";
        BladderBowel = "bladder_bowel", "New trouble passing urine, or loss of bladder or bowel control";
        BothLegs = "both_legs", "Pain, weakness or numbness in both legs, or leg weakness that is getting worse";
        ChestPain = "chest_pain", "Chest pain";
        MajorTrauma = "major_trauma", "The pain started after a serious fall, a car accident or another big injury";
        Fever = "fever", "A high temperature, or feeling unwell along with the pain";
        WeightLoss = "weight_loss", "Weight loss you cannot explain";
        CancerHistory = "cancer_history", "You have had cancer in the past";
        NightPain = "night_pain", "Pain that does not ease with rest, or is worse at night";
        LumpOrShape = "lump_or_shape", "A lump, a swelling or a change in the shape of your back";
        ShoulderBlades = "shoulder_blades", "Pain between your shoulder blades";
    }
);

/// How soon a person should get medical help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Advice from a doctor today.
    Urgent,
    /// Call the emergency number or go to an emergency department now.
    Emergency,
}

impl RedFlag {
    pub fn urgency(self) -> Urgency {
        match self {
            RedFlag::SaddleNumbness
            | RedFlag::BladderBowel
            | RedFlag::BothLegs
            | RedFlag::ChestPain
            | RedFlag::MajorTrauma => Urgency::Emergency,
            RedFlag::Fever
            | RedFlag::WeightLoss
            | RedFlag::CancerHistory
            | RedFlag::NightPain
            | RedFlag::LumpOrShape
            | RedFlag::ShoulderBlades => Urgency::Urgent,
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

/// The referral for these flags, or `None` when there are none.
pub fn screen(flags: &[RedFlag]) -> Option<Referral> {
    let urgency = flags.iter().map(|f| f.urgency()).max()?;
    let mut flags = flags.to_vec();
    flags.sort_by_key(|f| (std::cmp::Reverse(f.urgency()), *f));
    flags.dedup();
    Some(Referral { urgency, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_flags_no_referral() {
        assert_eq!(screen(&[]), None);
    }

    #[test]
    fn every_flag_refers_and_the_issue_decides_the_urgency() {
        let emergency = [
            "saddle_numbness",
            "bladder_bowel",
            "both_legs",
            "chest_pain",
            "major_trauma",
        ];
        for flag in RedFlag::ALL {
            let referral = screen(&[*flag]).unwrap();
            let expected = if emergency.contains(&flag.as_str()) {
                Urgency::Emergency
            } else {
                Urgency::Urgent
            };
            assert_eq!(referral.urgency, expected, "{flag}");
            assert_eq!(referral.flags, vec![*flag]);
        }
        assert_eq!(RedFlag::ALL.len(), 11);
    }

    #[test]
    fn the_most_urgent_flag_wins_and_is_listed_first() {
        let referral = screen(&[RedFlag::Fever, RedFlag::ChestPain, RedFlag::Fever]).unwrap();
        assert_eq!(referral.urgency, Urgency::Emergency);
        assert_eq!(referral.flags, vec![RedFlag::ChestPain, RedFlag::Fever]);
    }
}
