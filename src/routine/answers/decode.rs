//! Reading the routine form's query string: raw pairs, every parameter
//! checked into a [`Draft`] with its errors, then [`Answers`] if there are
//! none.

use super::{
    Activity, Age, Answers, Cause, DAYS_MAX, DAYS_MIN, Draft, Duration, Field, FieldError, Invalid,
    Leg, MINUTES_MAX, MINUTES_MIN, PAIN_MAX, Pregnancy, Worse,
};
use crate::routine::catalog::Equipment;
use crate::routine::screening::RedFlag;

/// Longest minutes text kept for re-display.
pub(super) const MINUTES_TEXT_MAX: usize = 12;

fn whole_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl Answers {
    pub(super) fn checked(
        pairs: &[(String, String)],
        source: Source,
    ) -> Result<Answers, Box<Invalid>> {
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
pub(super) enum Source {
    Form,
    Stored,
}

/// Reads every known parameter into a draft and lists every problem.
pub(super) fn check(pairs: &[(String, String)], source: Source) -> (Draft, Vec<FieldError>) {
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
