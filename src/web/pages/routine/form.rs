//! `GET /routine`: the form, filled in from a query string ("Change my
//! answers") or shown again with its errors.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::AppError;
use crate::routine::answers::{Draft, Field, Invalid};
use crate::routine::{
    Activity, Age, Cause, Duration, Equipment, Leg, Pregnancy, RedFlag, WarningSigns, Worse,
};
use crate::web::pages::query_page;
use crate::web::{AppState, Layout, Nav, render};

/// One radio button or checkbox.
pub struct Choice {
    /// `red_flag` for the first choice of the field (what the error summary
    /// links to), then `red_flag-2`, `red_flag-3`, …
    pub id: String,
    pub value: String,
    pub label: String,
    pub hint: &'static str,
    pub checked: bool,
    /// Shown after an "or" divider (the "None of these" answer).
    pub exclusive: bool,
}

/// One question of the form, in its own fieldset (or, for the minutes box,
/// with its own label).
pub struct Question {
    pub name: &'static str,
    /// `radio`, `checkbox` or `text`.
    pub kind: &'static str,
    pub legend: &'static str,
    pub hint: &'static str,
    pub choices: Vec<Choice>,
    /// Small choices shown side by side (the 0–10 and 2–7 scales).
    pub inline: bool,
    /// The text box's value.
    pub value: String,
    pub error: Option<String>,
}

impl Question {
    /// `aria-describedby` for the fieldset or input: hint and error.
    pub fn described_by(&self) -> String {
        let mut ids = format!("{}-hint", self.name);
        if self.error.is_some() {
            ids.push_str(&format!(" {}-error", self.name));
        }
        ids
    }
}

fn choices<T: Copy>(
    name: &str,
    items: impl IntoIterator<Item = (T, String, String, &'static str)>,
    checked: impl Fn(T) -> bool,
) -> Vec<Choice> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, (item, value, label, hint))| Choice {
            id: if i == 0 {
                name.to_owned()
            } else {
                format!("{name}-{}", i + 1)
            },
            value,
            label,
            hint,
            checked: checked(item),
            exclusive: false,
        })
        .collect()
}

fn cause_hint(cause: Cause) -> &'static str {
    match cause {
        Cause::Disc => "For example a bulging or slipped disc a doctor told you about.",
        Cause::Osteoporosis => {
            "We leave out moves that bend the back forward under load, twisting, jolting moves and moves that need balance without holding on."
        }
        _ => "",
    }
}

fn equipment_hint(item: Equipment) -> &'static str {
    match item {
        Equipment::Machines => {
            "Usually at a gym. Weights are used only if you answer yes to the last question."
        }
        Equipment::Dumbbells => "Weights are used only if you answer yes to the last question.",
        Equipment::Pool => "Water exercise is gentle on the back; we choose it for your cardio.",
        _ => "",
    }
}

/// Choices for a closed vocabulary: `(value, public name, label, hint)`.
fn listed<T: Copy>(
    all: &[T],
    name: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    hint: fn(T) -> &'static str,
) -> impl Iterator<Item = (T, String, String, &'static str)> + '_ {
    all.iter()
        .map(move |v| (*v, name(*v).to_owned(), label(*v).to_owned(), hint(*v)))
}

fn no_hint<T>(_: T) -> &'static str {
    ""
}

/// One question of radios or checkboxes, with its error when it has one.
fn asked(
    field: Field,
    kind: &'static str,
    (legend, hint): (&'static str, &'static str),
    choices: Vec<Choice>,
    inline: bool,
    invalid: Option<&Invalid>,
) -> Question {
    Question {
        name: field.name(),
        kind,
        legend,
        hint,
        choices,
        inline,
        value: String::new(),
        error: invalid.and_then(|i| i.error(field)).map(str::to_owned),
    }
}

/// The form's questions, filled from a draft, with errors beside fields.
/// The warning signs' words come from the one table.
pub fn questions(draft: &Draft, invalid: Option<&Invalid>, signs: &WarningSigns) -> Vec<Question> {
    let mut red_flags = choices(
        "red_flag",
        RedFlag::ALL
            .iter()
            .map(|f| (*f, f.as_str().to_owned(), signs.label_of(*f).to_owned(), "")),
        |f| draft.red_flags.contains(&f),
    );
    red_flags.push(Choice {
        id: format!("red_flag-{}", RedFlag::ALL.len() + 1),
        value: "none".to_owned(),
        label: "None of these".to_owned(),
        hint: "",
        checked: draft.red_flag_none,
        exclusive: true,
    });
    let assessed = [(
        true,
        "yes".to_owned(),
        "A doctor has already checked these signs and said I can exercise".to_owned(),
        "",
    )];
    let cleared = [
        (true, "yes".to_owned(), "Yes".to_owned(), ""),
        (
            false,
            "no".to_owned(),
            "No, or I have not asked".to_owned(),
            "",
        ),
    ];
    vec![
        asked(
            Field::RedFlag,
            "checkbox",
            (
                "Do you have any of these along with your back pain?",
                "These can be signs of a problem a doctor needs to check before you exercise. Select all that apply.",
            ),
            red_flags,
            false,
            invalid,
        ),
        asked(
            Field::Assessed,
            "checkbox",
            (
                "Has a doctor already checked these signs?",
                "Only if you ticked a sign above, a doctor knows about it and has said you can exercise. This never applies to signs that need help at once: for those, get help now.",
            ),
            choices("assessed", assessed, |_| draft.assessed),
            false,
            invalid,
        ),
        asked(
            Field::Age,
            "radio",
            (
                "How old are you?",
                "Some advice depends on age. This site is for adults.",
            ),
            choices(
                "age",
                listed(Age::ALL, Age::as_str, Age::label, no_hint),
                |a| draft.age == Some(a),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Pain,
            "radio",
            (
                "How bad is your back pain right now?",
                "0 means no pain at all. 10 is the worst pain you can imagine.",
            ),
            choices(
                "pain",
                (0..=10u8).map(|n| (n, n.to_string(), n.to_string(), "")),
                |n| draft.pain == Some(n),
            ),
            true,
            invalid,
        ),
        asked(
            Field::Duration,
            "radio",
            (
                "How long have you had this back pain?",
                "Count from when this spell of pain started.",
            ),
            choices(
                "duration",
                listed(Duration::ALL, Duration::as_str, Duration::label, no_hint),
                |d| draft.duration == Some(d),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Leg,
            "radio",
            (
                "Does the pain spread into a leg?",
                "Pain, tingling or numbness that travels from your back into a leg. If it is in both legs, tick that warning sign in the first question.",
            ),
            choices(
                "leg",
                listed(Leg::ALL, Leg::as_str, Leg::label, no_hint),
                |l| draft.leg == Some(l),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Worse,
            "checkbox",
            (
                "What makes your pain worse?",
                "Select all that apply, or none.",
            ),
            choices(
                "worse",
                listed(Worse::ALL, Worse::as_str, Worse::label, no_hint),
                |w| draft.worse.contains(&w),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Cause,
            "radio",
            (
                "What do you think caused your pain?",
                "Choose the closest answer. It is fine not to know.",
            ),
            choices(
                "cause",
                listed(Cause::ALL, Cause::as_str, Cause::label, cause_hint),
                |c| draft.cause == Some(c),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Pregnancy,
            "radio",
            (
                "Are you pregnant, or did you have a baby in the last 12 weeks?",
                "We leave out moves that are not right in pregnancy, and add pelvic floor exercise.",
            ),
            choices(
                "pregnancy",
                listed(Pregnancy::ALL, Pregnancy::as_str, Pregnancy::label, no_hint),
                |p| draft.pregnancy == Some(p),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Activity,
            "radio",
            (
                "How active were you before the pain started?",
                "If you were not very active, your plan starts lower and builds up more slowly.",
            ),
            choices(
                "activity",
                listed(Activity::ALL, Activity::as_str, Activity::label, no_hint),
                |a| draft.activity == Some(a),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Days,
            "radio",
            (
                "How many days a week can you exercise?",
                "Short sessions on more days work well for back pain.",
            ),
            choices(
                "days",
                (2..=7u8).map(|n| (n, n.to_string(), format!("{n} days"), "")),
                |n| draft.days == Some(n),
            ),
            true,
            invalid,
        ),
        Question {
            value: draft.minutes.clone(),
            ..asked(
                Field::Minutes,
                "text",
                (
                    "How many minutes do you have for each session?",
                    "Any number from 10 to 60. Even 10 minutes helps.",
                ),
                Vec::new(),
                false,
                invalid,
            )
        },
        asked(
            Field::Equipment,
            "checkbox",
            (
                "What equipment can you use?",
                "Select all that apply. You can do a good routine with none of them.",
            ),
            choices(
                "equipment",
                listed(
                    Equipment::ALL,
                    Equipment::as_str,
                    Equipment::label,
                    equipment_hint,
                ),
                |e| draft.equipment.contains(&e),
            ),
            false,
            invalid,
        ),
        asked(
            Field::Cleared,
            "radio",
            (
                "Has a doctor or physiotherapist said you can train with weights?",
                "We include weight machines and dumbbells only if they have.",
            ),
            choices("cleared", cleared, |c| draft.cleared == Some(c)),
            true,
            invalid,
        ),
    ]
}

/// An entry of the error summary.
pub struct SummaryError {
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "routine/form.html")]
pub(super) struct FormPage {
    pub(super) layout: Layout,
    pub(super) errors: Vec<SummaryError>,
    pub(super) questions: Vec<Question>,
    /// `static/js/choices.js`: "None of these" and a warning sign cannot
    /// both be ticked.
    pub(super) script_url: String,
}

/// The routine form's script (see [`FormPage::script_url`]).
pub(super) const CHOICES_JS: &str = "js/choices.js";

pub(super) fn form_layout(
    state: &AppState,
    content: &crate::content::Content,
    title: &str,
) -> Layout {
    Layout::new(
        state,
        content,
        title,
        "Answer a few questions about your back pain, your time and your equipment, and get a safe four-week exercise plan you can print.",
        "/routine",
        Nav::Routine,
    )
}

/// `GET /routine`: the form. A query string (from "Change my answers")
/// fills it in; nothing is checked here.
pub async fn form(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    query_page(&req, &state, "routine", form_page).await
}

fn form_page(
    state: &AppState,
    content: &crate::content::Content,
    query: &str,
) -> Result<HttpResponse, AppError> {
    let mut layout = form_layout(state, content, "Build your routine");
    if !query.is_empty() {
        layout = layout.noindex();
    }
    render(&FormPage {
        layout,
        errors: Vec::new(),
        questions: questions(&Draft::from_query(query), None, &content.signs),
        script_url: state.assets.url(CHOICES_JS),
    })
}
