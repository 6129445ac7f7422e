//! The routine form's answers: the public parameters of `/routine/plan`,
//! decoded from raw query pairs, every field checked, and written back as
//! the canonical query string.
//!
//! Parameters (stable; every value and the rule it drives are listed in
//! docs/routine.md): `red_flag` (repeatable, required: `none` or warning
//! signs), `assessed` (optional `yes`), `age` (required), `pain` 0–10,
//! `duration`, `leg` (optional), `worse` (repeatable), `cause`, `pregnancy`
//! (optional), `activity`, `days` 2–7, `minutes` 10–60, `equipment`
//! (repeatable), `cleared` yes/no. Unknown parameters are ignored; a
//! single-value parameter given twice is an error.
//!
//! Saved routines store their answers as this query string. Ones saved
//! before a question existed are read with [`Answers::from_stored`], which
//! lets the newer required questions be missing instead of refusing them.//!
//! Decoding and checking the query string is in `decode`; this file holds
//! the vocabulary, the answers and what the form shows.

mod decode;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::catalog::Equipment;
use super::screening::RedFlag;

pub use decode::pairs;
use decode::{Source, check};

vocab!(
    /// Age group. The site is for adults: under 16 gets no plan.
    Age {
        Under16 = "under-16", "Under 16";
        Teen = "16-19", "16 to 19";
        Adult = "20-49", "20 to 49";
        Older = "50-64", "50 to 64";
        Senior = "65+", "65 or over";
    }
);

vocab!(
    /// Pregnancy, or a birth in the last 12 weeks.
    Pregnancy {
        No = "no", "No";
        Pregnant = "pregnant", "Yes, I am pregnant";
        Postnatal = "postnatal", "I had a baby less than 12 weeks ago";
    }
);

vocab!(
    /// Whether the pain spreads into a leg, and how far.
    Leg {
        None = "none", "No, it stays in my back";
        Thigh = "thigh", "Yes, into my buttock or thigh, but not below the knee";
        BelowKnee = "below_knee", "Yes, down one leg to below the knee";
    }
);

vocab!(
    /// How long the pain has lasted.
    Duration {
        Acute = "acute", "Less than 6 weeks";
        Subacute = "subacute", "6 to 12 weeks";
        Chronic = "chronic", "More than 12 weeks";
    }
);

vocab!(
    /// What makes the pain worse.
    Worse {
        Sitting = "sitting", "Sitting";
        Standing = "standing", "Standing";
        BendingForward = "bending_forward", "Bending forward";
        ArchingBack = "arching_back", "Leaning or arching backwards";
        Morning = "morning", "Mornings";
        MorningStiffness = "morning_stiffness", "Stiffness for more than half an hour after getting up, easing as I move";
        AfterActivity = "after_activity", "After being active";
        Driving = "driving", "Driving";
        LyingDown = "lying_down", "Lying down";
    }
);

vocab!(
    /// What the person thinks caused the pain.
    Cause {
        Strain = "strain", "A strain, such as lifting or a sudden movement";
        Posture = "posture", "Posture or long hours of sitting";
        Disc = "disc", "A disc problem";
        Arthritis = "arthritis", "Arthritis";
        Osteoporosis = "osteoporosis", "Osteoporosis (thinning bones)";
        Unknown = "unknown", "I do not know";
    }
);

vocab!(
    /// How active the person was before the pain started.
    Activity {
        Sedentary = "sedentary", "Not very active: I sat most of the day";
        Light = "light", "Lightly active: walks or light chores most days";
        Active = "active", "Active: I exercised a few times a week";
        Athletic = "athletic", "Very active: I trained hard most days";
    }
);

pub const PAIN_MAX: u8 = 10;
pub const DAYS_MIN: u8 = 2;
pub const DAYS_MAX: u8 = 7;
pub const MINUTES_MIN: u8 = 10;
pub const MINUTES_MAX: u8 = 60;

/// The checked answers to the routine form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Answers {
    /// Warning signs; empty means the person chose "none of these".
    pub red_flags: Vec<RedFlag>,
    /// A doctor has already checked the (urgent) warning signs given and
    /// said the person can exercise. Never overrides an emergency sign.
    #[serde(default)]
    pub assessed: bool,
    /// Required on the form; `None` only for routines saved before the
    /// question existed (see [`Answers::from_stored`]).
    #[serde(default)]
    pub age: Option<Age>,
    /// Pain right now, 0–10.
    pub pain: u8,
    pub duration: Duration,
    #[serde(default = "no_leg")]
    pub leg: Leg,
    pub worse: BTreeSet<Worse>,
    pub cause: Cause,
    #[serde(default = "not_pregnant")]
    pub pregnancy: Pregnancy,
    pub activity: Activity,
    /// Sessions a week, 2–7.
    pub days: u8,
    /// Minutes a session, 10–60.
    pub minutes: u8,
    pub equipment: BTreeSet<Equipment>,
    /// A doctor or physiotherapist has cleared weight training.
    pub cleared: bool,
}

fn no_leg() -> Leg {
    Leg::None
}

fn not_pregnant() -> Pregnancy {
    Pregnancy::No
}

/// A question of the form, named as its URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    RedFlag,
    Assessed,
    Age,
    Pain,
    Duration,
    Leg,
    Worse,
    Cause,
    Pregnancy,
    Activity,
    Days,
    Minutes,
    Equipment,
    Cleared,
}

impl Field {
    /// Form order.
    pub const ALL: [Field; 14] = [
        Field::RedFlag,
        Field::Assessed,
        Field::Age,
        Field::Pain,
        Field::Duration,
        Field::Leg,
        Field::Worse,
        Field::Cause,
        Field::Pregnancy,
        Field::Activity,
        Field::Days,
        Field::Minutes,
        Field::Equipment,
        Field::Cleared,
    ];

    /// The URL parameter, also the id of the field's first input.
    pub fn name(self) -> &'static str {
        match self {
            Field::RedFlag => "red_flag",
            Field::Assessed => "assessed",
            Field::Age => "age",
            Field::Pain => "pain",
            Field::Duration => "duration",
            Field::Leg => "leg",
            Field::Worse => "worse",
            Field::Cause => "cause",
            Field::Pregnancy => "pregnancy",
            Field::Activity => "activity",
            Field::Days => "days",
            Field::Minutes => "minutes",
            Field::Equipment => "equipment",
            Field::Cleared => "cleared",
        }
    }

    /// Short question text, used in the "what you told us" summary.
    pub fn question(self) -> &'static str {
        match self {
            Field::RedFlag => "Warning signs",
            Field::Assessed => "Checked by a doctor",
            Field::Age => "Age",
            Field::Pain => "Pain right now",
            Field::Duration => "How long you have had it",
            Field::Leg => "Pain in a leg",
            Field::Worse => "What makes it worse",
            Field::Cause => "What caused it",
            Field::Pregnancy => "Pregnancy",
            Field::Activity => "How active you were before",
            Field::Days => "Days a week",
            Field::Minutes => "Minutes a session",
            Field::Equipment => "Equipment you have",
            Field::Cleared => "Cleared for weights",
        }
    }

    fn repeatable(self) -> bool {
        matches!(self, Field::RedFlag | Field::Worse | Field::Equipment)
    }

    fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// What is wrong with one answer, in words for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Answers as given, valid or not: what the form shows again. Only valid
/// choices are kept for radios and checkboxes; the minutes box keeps what
/// was typed (cut short) so it can be corrected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub red_flags: Vec<RedFlag>,
    pub red_flag_none: bool,
    pub assessed: bool,
    pub age: Option<Age>,
    pub pain: Option<u8>,
    pub duration: Option<Duration>,
    pub leg: Option<Leg>,
    pub worse: BTreeSet<Worse>,
    pub cause: Option<Cause>,
    pub pregnancy: Option<Pregnancy>,
    pub activity: Option<Activity>,
    pub days: Option<u8>,
    pub minutes: String,
    pub equipment: BTreeSet<Equipment>,
    pub cleared: Option<bool>,
}

/// Answers that did not pass: every error, in form order, and the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
    pub draft: Draft,
}

impl Invalid {
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl Answers {
    /// Decodes a raw query string (`a=b&c=d`, `+` and `%xx` allowed).
    pub fn from_query(query: &str) -> Result<Answers, Box<Invalid>> {
        Answers::from_pairs(&pairs(query))
    }

    /// Checks every field of raw name/value pairs, as the form sends them.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Answers, Box<Invalid>> {
        Answers::checked(pairs, Source::Form)
    }

    /// Decodes the answers stored with a saved routine. Routines saved
    /// before a question was added lack it: a missing `age` is read as
    /// "not asked" instead of an error, so the routine opens as it was
    /// saved. Everything that is there is checked as strictly as the form.
    pub fn from_stored(query: &str) -> Result<Answers, Box<Invalid>> {
        Answers::checked(&pairs(query), Source::Stored)
    }
    /// The canonical query string: every parameter in form order, repeated
    /// ones sorted, no unknown ones. Decoding it gives the same answers.
    pub fn to_query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if self.red_flags.is_empty() {
            out.append_pair("red_flag", "none");
        }
        let mut flags = self.red_flags.clone();
        flags.sort();
        flags.dedup();
        for flag in flags {
            out.append_pair("red_flag", flag.as_str());
        }
        if self.assessed {
            out.append_pair("assessed", "yes");
        }
        if let Some(age) = self.age {
            out.append_pair("age", age.as_str());
        }
        out.append_pair("pain", &self.pain.to_string());
        out.append_pair("duration", self.duration.as_str());
        if self.leg != Leg::None {
            out.append_pair("leg", self.leg.as_str());
        }
        for worse in &self.worse {
            out.append_pair("worse", worse.as_str());
        }
        out.append_pair("cause", self.cause.as_str());
        if self.pregnancy != Pregnancy::No {
            out.append_pair("pregnancy", self.pregnancy.as_str());
        }
        out.append_pair("activity", self.activity.as_str());
        out.append_pair("days", &self.days.to_string());
        out.append_pair("minutes", &self.minutes.to_string());
        for item in &self.equipment {
            out.append_pair("equipment", item.as_str());
        }
        out.append_pair("cleared", if self.cleared { "yes" } else { "no" });
        out.finish()
    }

    /// The form pre-filled with these answers.
    pub fn draft(&self) -> Draft {
        Draft {
            red_flags: self.red_flags.clone(),
            red_flag_none: self.red_flags.is_empty(),
            assessed: self.assessed,
            age: self.age,
            pain: Some(self.pain),
            duration: Some(self.duration),
            leg: Some(self.leg),
            worse: self.worse.clone(),
            cause: Some(self.cause),
            pregnancy: Some(self.pregnancy),
            activity: Some(self.activity),
            days: Some(self.days),
            minutes: self.minutes.to_string(),
            equipment: self.equipment.clone(),
            cleared: Some(self.cleared),
        }
    }

    /// "What you told us": each question with the answer in words.
    pub fn summary(&self) -> Vec<(&'static str, String)> {
        let list = |items: Vec<&str>| {
            if items.is_empty() {
                "None".to_owned()
            } else {
                items.join(", ")
            }
        };
        let mut rows = vec![(
            Field::RedFlag.question(),
            if self.red_flags.is_empty() {
                "None of the warning signs".to_owned()
            } else if self.assessed {
                "Checked by a doctor, who said you can exercise".to_owned()
            } else {
                "Warning signs given".to_owned()
            },
        )];
        if let Some(age) = self.age {
            rows.push((Field::Age.question(), age.label().to_owned()));
        }
        // A routine saved before the age, leg and pregnancy questions
        // existed has no age: those questions were not asked, so their
        // defaults are not shown as answers.
        let asked = self.age.is_some();
        rows.push((Field::Pain.question(), format!("{} out of 10", self.pain)));
        rows.push((Field::Duration.question(), self.duration.label().to_owned()));
        if asked {
            rows.push((Field::Leg.question(), self.leg.label().to_owned()));
        }
        rows.push((
            Field::Worse.question(),
            list(self.worse.iter().map(|w| w.label()).collect()),
        ));
        rows.push((Field::Cause.question(), self.cause.label().to_owned()));
        if asked {
            rows.push((
                Field::Pregnancy.question(),
                self.pregnancy.label().to_owned(),
            ));
        }
        rows.extend([
            (Field::Activity.question(), self.activity.label().to_owned()),
            (Field::Days.question(), format!("{} days", self.days)),
            (
                Field::Minutes.question(),
                format!("{} minutes", self.minutes),
            ),
            (
                Field::Equipment.question(),
                list(self.equipment.iter().map(|e| e.label()).collect()),
            ),
            (
                Field::Cleared.question(),
                if self.cleared { "Yes" } else { "No" }.to_owned(),
            ),
        ]);
        rows
    }
}

impl Draft {
    /// The form pre-filled from a query string, errors ignored (for links
    /// such as "Change my answers").
    pub fn from_query(query: &str) -> Draft {
        check(&pairs(query), Source::Form).0
    }
}
