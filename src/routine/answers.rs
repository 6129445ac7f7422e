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
//! lets the newer required questions be missing instead of refusing them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::catalog::Equipment;
use super::screening::RedFlag;

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

/// Longest minutes text kept for re-display.
const MINUTES_TEXT_MAX: usize = 12;

fn whole_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
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

    fn checked(pairs: &[(String, String)], source: Source) -> Result<Answers, Box<Invalid>> {
        let (draft, errors) = check(pairs, source);
        if !errors.is_empty() {
            return Err(Box::new(Invalid { errors, draft }));
        }
        match (
            draft.pain,
            draft.duration,
            draft.cause,
            draft.activity,
            draft.days,
            whole_number(&draft.minutes).and_then(|m| u8::try_from(m).ok()),
            draft.cleared,
        ) {
            (
                Some(pain),
                Some(duration),
                Some(cause),
                Some(activity),
                Some(days),
                Some(minutes),
                Some(cleared),
            ) => Ok(Answers {
                red_flags: draft.red_flags,
                assessed: draft.assessed,
                age: draft.age,
                pain,
                duration,
                leg: draft.leg.unwrap_or(Leg::None),
                worse: draft.worse,
                cause,
                pregnancy: draft.pregnancy.unwrap_or(Pregnancy::No),
                activity,
                days,
                minutes,
                equipment: draft.equipment,
                cleared,
            }),
            // `check` reports every missing value, so this is not reached;
            // answer with a general error rather than panic.
            _ => Err(Box::new(Invalid {
                errors: vec![FieldError {
                    field: Field::RedFlag,
                    message: "Please answer every question".to_owned(),
                }],
                draft,
            })),
        }
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

/// Raw name/value pairs of a query string, in order.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Where answers come from: the form (every required question must be
/// answered) or a saved routine (questions added since may be missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Form,
    Stored,
}

/// Reads every known parameter into a draft and lists every problem.
fn check(pairs: &[(String, String)], source: Source) -> (Draft, Vec<FieldError>) {
    let mut values: Vec<(Field, Vec<&str>)> = Field::ALL.iter().map(|f| (*f, Vec::new())).collect();
    for (name, value) in pairs {
        if let Some(field) = Field::from_name(name)
            && let Some((_, list)) = values.iter_mut().find(|(f, _)| *f == field)
        {
            list.push(value.as_str());
        }
    }
    let mut draft = Draft::default();
    let mut errors = Vec::new();
    for (field, given) in &values {
        let mut error = |message: &str| {
            errors.push(FieldError {
                field: *field,
                message: message.to_owned(),
            });
        };
        if !field.repeatable() && given.len() > 1 {
            error(repeated_message(*field));
            if *field == Field::Minutes {
                draft.minutes = given.first().map(|m| cut(m)).unwrap_or_default();
            }
            continue;
        }
        let one = given.first().copied().map(str::trim).unwrap_or("");
        match field {
            Field::RedFlag => check_red_flags(given, &mut draft, &mut error),
            Field::Assessed => match one {
                "yes" => draft.assessed = true,
                "" | "no" => draft.assessed = false,
                _ => error("Tick the box only if a doctor has already checked these signs"),
            },
            Field::Age => {
                // `65+` typed into an address arrives as `65 ` (a `+` is a
                // space in a query string).
                draft.age = Age::parse(one).or_else(|| (one == "65").then_some(Age::Senior));
                if one.is_empty() {
                    if source == Source::Form {
                        error("Select your age group, so we can suit the plan to you");
                    }
                } else if draft.age.is_none() {
                    error("Select your age group from the list");
                }
            }
            Field::Leg => {
                // Optional: not answered means "no" (nothing is ticked on
                // a fresh form).
                draft.leg = Leg::parse(one);
                if !one.is_empty() && draft.leg.is_none() {
                    error("Select whether the pain goes into a leg from the list");
                }
            }
            Field::Pregnancy => {
                draft.pregnancy = Pregnancy::parse(one);
                if !one.is_empty() && draft.pregnancy.is_none() {
                    error("Select whether you are pregnant or had a baby recently from the list");
                }
            }
            Field::Pain => match whole_number(one) {
                _ if one.is_empty() => error("Select how bad your pain is right now, from 0 to 10"),
                Some(n) if n <= u32::from(PAIN_MAX) => draft.pain = u8::try_from(n).ok(),
                _ => error("Pain must be a whole number from 0 to 10"),
            },
            Field::Duration => {
                draft.duration = Duration::parse(one);
                if one.is_empty() {
                    error("Select how long you have had this pain");
                } else if draft.duration.is_none() {
                    error("Select how long you have had this pain from the list");
                }
            }
            Field::Worse => {
                let mut bad = false;
                for value in given {
                    match Worse::parse(value.trim()) {
                        Some(w) => {
                            draft.worse.insert(w);
                        }
                        None => bad = true,
                    }
                }
                if bad {
                    error("Select the things that make your pain worse from the list");
                }
            }
            Field::Cause => {
                draft.cause = Cause::parse(one);
                if one.is_empty() {
                    error("Select what you think caused your pain, or select ‘I do not know’");
                } else if draft.cause.is_none() {
                    error("Select what you think caused your pain from the list");
                }
            }
            Field::Activity => {
                draft.activity = Activity::parse(one);
                if one.is_empty() {
                    error("Select how active you were before the pain started");
                } else if draft.activity.is_none() {
                    error("Select how active you were from the list");
                }
            }
            Field::Days => match whole_number(one) {
                _ if one.is_empty() => error("Select how many days a week you want to exercise"),
                Some(n) if (u32::from(DAYS_MIN)..=u32::from(DAYS_MAX)).contains(&n) => {
                    draft.days = u8::try_from(n).ok();
                }
                _ => error("Days a week must be a whole number from 2 to 7"),
            },
            Field::Minutes => {
                draft.minutes = cut(one);
                match whole_number(one) {
                    _ if one.is_empty() => {
                        error("Enter how many minutes you have for each session, from 10 to 60");
                    }
                    Some(n) if (u32::from(MINUTES_MIN)..=u32::from(MINUTES_MAX)).contains(&n) => {}
                    Some(_) => error("Minutes must be from 10 to 60"),
                    None => error("Minutes must be a whole number, like 20"),
                }
            }
            Field::Equipment => {
                let mut bad = false;
                for value in given {
                    match Equipment::parse(value.trim()) {
                        Some(e) => {
                            draft.equipment.insert(e);
                        }
                        None => bad = true,
                    }
                }
                if bad {
                    error("Select the equipment you have from the list");
                }
            }
            Field::Cleared => match one {
                "yes" => draft.cleared = Some(true),
                "no" => draft.cleared = Some(false),
                "" => error(
                    "Select yes if a doctor or physiotherapist has said you can train with weights, or no if not",
                ),
                _ => error("Select yes or no for weight training"),
            },
        }
    }
    (draft, errors)
}

fn check_red_flags(given: &[&str], draft: &mut Draft, error: &mut dyn FnMut(&str)) {
    let mut unknown = false;
    for value in given {
        let value = value.trim();
        if value == "none" {
            draft.red_flag_none = true;
        } else if let Some(flag) = RedFlag::parse(value) {
            if !draft.red_flags.contains(&flag) {
                draft.red_flags.push(flag);
            }
        } else {
            unknown = true;
        }
    }
    draft.red_flags.sort();
    if unknown {
        error("Select warning signs from the list, or select ‘None of these’");
    } else if draft.red_flag_none && !draft.red_flags.is_empty() {
        error("Select the warning signs you have, or ‘None of these’, but not both");
    } else if !draft.red_flag_none && draft.red_flags.is_empty() {
        error("Select any warning signs you have, or select ‘None of these’");
    }
}

fn repeated_message(field: Field) -> &'static str {
    match field {
        Field::Assessed => "Give one answer for whether a doctor has checked these signs",
        Field::Age => "Give one answer for your age group",
        Field::Leg => "Give one answer for whether the pain goes into a leg",
        Field::Pregnancy => "Give one answer for pregnancy",
        Field::Pain => "Give one answer for how bad your pain is",
        Field::Duration => "Give one answer for how long you have had this pain",
        Field::Cause => "Give one answer for what caused your pain",
        Field::Activity => "Give one answer for how active you were",
        Field::Days => "Give one answer for how many days a week",
        Field::Minutes => "Give one answer for how many minutes a session",
        Field::Cleared => "Give one answer for weight training",
        Field::RedFlag | Field::Worse | Field::Equipment => "Give one answer",
    }
}

fn cut(text: &str) -> String {
    text.chars().take(MINUTES_TEXT_MAX).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&worse=bending_forward&cause=strain&activity=light&days=3&minutes=20&equipment=wall&equipment=towel&cleared=no";

    #[test]
    fn a_full_query_decodes_and_round_trips() {
        let answers = Answers::from_query(FULL).unwrap();
        assert_eq!(answers.pain, 4);
        assert_eq!(answers.duration, Duration::Acute);
        assert!(answers.worse.contains(&Worse::BendingForward));
        assert_eq!(answers.minutes, 20);
        assert!(!answers.cleared);
        assert!(answers.red_flags.is_empty());
        let query = answers.to_query();
        assert_eq!(Answers::from_query(&query).unwrap(), answers);
        assert_eq!(Answers::from_query(&query).unwrap().to_query(), query);
    }

    #[test]
    fn unknown_parameters_are_ignored_and_order_does_not_matter() {
        let mut parts: Vec<&str> = FULL.split('&').collect();
        parts.reverse();
        let query = format!("utm_source=x&{}&zzz=1", parts.join("&"));
        assert_eq!(
            Answers::from_query(&query).unwrap(),
            Answers::from_query(FULL).unwrap()
        );
    }

    #[test]
    fn an_empty_query_reports_every_required_field_in_form_order() {
        let invalid = Answers::from_query("").unwrap_err();
        let fields: Vec<Field> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::RedFlag,
                Field::Age,
                Field::Pain,
                Field::Duration,
                Field::Cause,
                Field::Activity,
                Field::Days,
                Field::Minutes,
                Field::Cleared
            ]
        );
    }

    #[test]
    fn out_of_range_and_unknown_values_are_errors_and_valid_answers_are_kept() {
        let query = FULL
            .replace("pain=4", "pain=11")
            .replace("minutes=20", "minutes=61")
            .replace("days=3", "days=1")
            .replace("equipment=towel", "equipment=trampoline")
            .replace("cause=strain", "cause=aliens");
        let invalid = Answers::from_query(&query).unwrap_err();
        for field in [
            Field::Pain,
            Field::Minutes,
            Field::Days,
            Field::Equipment,
            Field::Cause,
        ] {
            assert!(invalid.error(field).is_some(), "{field:?}");
        }
        assert!(invalid.error(Field::Duration).is_none());
        assert_eq!(invalid.draft.duration, Some(Duration::Acute));
        assert!(invalid.draft.equipment.contains(&Equipment::Wall));
        assert_eq!(invalid.draft.minutes, "61");
        assert_eq!(invalid.draft.pain, None);
    }

    #[test]
    fn repeated_single_value_parameters_are_errors() {
        for (name, value) in [
            ("age", "20-49"),
            ("pain", "4"),
            ("minutes", "20"),
            ("cleared", "no"),
            ("days", "3"),
        ] {
            let query = format!("{FULL}&{name}={value}");
            let invalid = Answers::from_query(&query).unwrap_err();
            assert_eq!(invalid.errors.len(), 1, "{name}: {:?}", invalid.errors);
            assert_eq!(invalid.errors[0].field.name(), name);
        }
        // The optional ones too, when given twice.
        for (name, value) in [("leg", "none"), ("pregnancy", "no"), ("assessed", "yes")] {
            let query = format!("{FULL}&{name}={value}&{name}={value}");
            let invalid = Answers::from_query(&query).unwrap_err();
            assert_eq!(invalid.errors.len(), 1, "{name}: {:?}", invalid.errors);
            assert_eq!(invalid.errors[0].field.name(), name);
        }
        // Repeatable ones may repeat, even with the same value.
        assert!(Answers::from_query(&format!("{FULL}&worse=sitting")).is_ok());
    }

    #[test]
    fn none_with_a_flag_is_an_error_but_flags_are_still_read() {
        let query = FULL.replace("red_flag=none", "red_flag=none&red_flag=fever");
        let invalid = Answers::from_query(&query).unwrap_err();
        assert!(invalid.error(Field::RedFlag).unwrap().contains("not both"));
        let flags = FULL.replace("red_flag=none", "red_flag=fever&red_flag=chest_pain");
        let answers = Answers::from_query(&flags).unwrap();
        assert_eq!(answers.red_flags, vec![RedFlag::ChestPain, RedFlag::Fever]);
        assert!(
            answers
                .to_query()
                .starts_with("red_flag=chest_pain&red_flag=fever&")
        );
    }

    #[test]
    fn numbers_must_be_plain_whole_numbers() {
        for bad in ["4.5", "-1", "%2B4", "four", "0x4", "99999999999999999999"] {
            let query = FULL.replace("pain=4", &format!("pain={bad}"));
            let invalid = Answers::from_query(&query).unwrap_err();
            assert!(invalid.error(Field::Pain).is_some(), "{bad}");
        }
        let spaced = FULL.replace("minutes=20", "minutes=+20+");
        assert_eq!(Answers::from_query(&spaced).unwrap().minutes, 20);
    }

    #[test]
    fn hostile_text_is_cut_and_broken_encoding_is_survived() {
        let query = format!(
            "{}&minutes=%3Cscript%3E{}",
            FULL.replace("&minutes=20", ""),
            "x".repeat(500)
        );
        let invalid = Answers::from_query(&query).unwrap_err();
        assert!(invalid.draft.minutes.chars().count() <= MINUTES_TEXT_MAX);
        assert!(Answers::from_query("%ff%fe=%c3%28&pain=%").is_err());
    }

    #[test]
    fn the_newer_questions_default_when_optional_and_round_trip_when_given() {
        let answers = Answers::from_query(FULL).unwrap();
        assert_eq!(answers.age, Some(Age::Adult));
        assert_eq!(answers.leg, Leg::None);
        assert_eq!(answers.pregnancy, Pregnancy::No);
        assert!(!answers.assessed);
        // Defaults are left out of the canonical query.
        let query = answers.to_query();
        for name in ["leg=", "pregnancy=", "assessed="] {
            assert!(!query.contains(name), "{query}");
        }
        let given = format!("{FULL}&leg=below_knee&pregnancy=postnatal&assessed=yes");
        let answers = Answers::from_query(&given).unwrap();
        assert_eq!(answers.leg, Leg::BelowKnee);
        assert_eq!(answers.pregnancy, Pregnancy::Postnatal);
        assert!(answers.assessed);
        assert_eq!(Answers::from_query(&answers.to_query()).unwrap(), answers);
    }

    #[test]
    fn sixty_five_plus_survives_being_typed_into_an_address() {
        for spelled in ["65%2B", "65+", "65"] {
            let query = FULL.replace("age=20-49", &format!("age={spelled}"));
            let answers = Answers::from_query(&query).unwrap();
            assert_eq!(answers.age, Some(Age::Senior), "{spelled}");
            assert!(answers.to_query().contains("age=65%2B"));
        }
    }

    #[test]
    fn the_form_needs_an_age_but_a_routine_saved_before_it_was_asked_still_reads() {
        let old = FULL.replace("age=20-49&", "");
        let invalid = Answers::from_query(&old).unwrap_err();
        assert_eq!(invalid.errors.len(), 1);
        assert_eq!(invalid.errors[0].field, Field::Age);
        assert!(invalid.errors[0].message.contains("age group"));
        // Everything else the person gave is kept for the form.
        assert_eq!(invalid.draft.pain, Some(4));
        let stored = Answers::from_stored(&old).unwrap();
        assert_eq!(stored.age, None);
        assert_eq!(stored.pain, 4);
        // A stored value that is wrong is still an error.
        assert!(Answers::from_stored(&FULL.replace("20-49", "12-15")).is_err());
    }

    #[test]
    fn unknown_values_of_the_newer_questions_are_errors_beside_their_field() {
        let query =
            format!("{FULL}&leg=arm&pregnancy=maybe&assessed=perhaps").replace("20-49", "40s");
        let invalid = Answers::from_query(&query).unwrap_err();
        for field in [Field::Age, Field::Leg, Field::Pregnancy, Field::Assessed] {
            assert!(invalid.error(field).is_some(), "{field:?}");
        }
    }
}
