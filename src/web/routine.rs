//! The routine builder: the form (`/routine`), and the plan or the
//! red-flag page (`/routine/plan?…`). Everything is a GET, so a plan URL
//! can be bookmarked, shared and printed; nothing is stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::cache::Shelf;
use super::supports::{self, SupportsSidebar};
use super::{AppState, Chrome, Nav, render, render_status};
use crate::error::AppError;
use crate::routine::answers::{Draft, Field, Invalid, pairs};
use crate::routine::planner::{Part, Plan};
use crate::routine::{
    Activity, Answers, Cause, Duration, Equipment, Outcome, RedFlag, Referral, Urgency, Worse, plan,
};
use crate::supports::RecommendContext;

/// Longest query string accepted (bytes). The full form with every box
/// ticked is about 600; anything much longer is not from the form.
pub const QUERY_LIMIT: usize = 2048;

/// A 414 response; the error middleware draws it as the "address too long"
/// page in the site layout.
pub fn uri_too_long() -> HttpResponse {
    HttpResponse::UriTooLong()
        .content_type("text/plain; charset=utf-8")
        .finish()
}

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
            "We leave out moves that bend the back forward under load, and jolting moves."
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

/// The form's questions, filled from a draft, with errors beside fields.
pub fn questions(draft: &Draft, invalid: Option<&Invalid>) -> Vec<Question> {
    let error = |field: Field| invalid.and_then(|i| i.error(field)).map(str::to_owned);
    let mut red_flags = choices(
        "red_flag",
        RedFlag::ALL
            .iter()
            .map(|f| (*f, f.as_str().to_owned(), f.label().to_owned(), "")),
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
    vec![
        Question {
            name: "red_flag",
            kind: "checkbox",
            legend: "Do you have any of these along with your back pain?",
            hint: "These can be signs of a problem a doctor needs to check before you exercise. Select all that apply.",
            choices: red_flags,
            inline: false,
            value: String::new(),
            error: error(Field::RedFlag),
        },
        Question {
            name: "pain",
            kind: "radio",
            legend: "How bad is your back pain right now?",
            hint: "0 means no pain at all. 10 is the worst pain you can imagine.",
            choices: choices(
                "pain",
                (0..=10u8).map(|n| (n, n.to_string(), n.to_string(), "")),
                |n| draft.pain == Some(n),
            ),
            inline: true,
            value: String::new(),
            error: error(Field::Pain),
        },
        Question {
            name: "duration",
            kind: "radio",
            legend: "How long have you had this back pain?",
            hint: "Count from when this spell of pain started.",
            choices: choices(
                "duration",
                Duration::ALL
                    .iter()
                    .map(|d| (*d, d.as_str().to_owned(), d.label().to_owned(), "")),
                |d| draft.duration == Some(d),
            ),
            inline: false,
            value: String::new(),
            error: error(Field::Duration),
        },
        Question {
            name: "worse",
            kind: "checkbox",
            legend: "What makes your pain worse?",
            hint: "Select all that apply, or none.",
            choices: choices(
                "worse",
                Worse::ALL
                    .iter()
                    .map(|w| (*w, w.as_str().to_owned(), w.label().to_owned(), "")),
                |w| draft.worse.contains(&w),
            ),
            inline: false,
            value: String::new(),
            error: error(Field::Worse),
        },
        Question {
            name: "cause",
            kind: "radio",
            legend: "What do you think caused your pain?",
            hint: "Choose the closest answer. It is fine not to know.",
            choices: choices(
                "cause",
                Cause::ALL.iter().map(|c| {
                    (
                        *c,
                        c.as_str().to_owned(),
                        c.label().to_owned(),
                        cause_hint(*c),
                    )
                }),
                |c| draft.cause == Some(c),
            ),
            inline: false,
            value: String::new(),
            error: error(Field::Cause),
        },
        Question {
            name: "activity",
            kind: "radio",
            legend: "How active were you before the pain started?",
            hint: "If you were not very active, your plan starts lower and builds up more slowly.",
            choices: choices(
                "activity",
                Activity::ALL
                    .iter()
                    .map(|a| (*a, a.as_str().to_owned(), a.label().to_owned(), "")),
                |a| draft.activity == Some(a),
            ),
            inline: false,
            value: String::new(),
            error: error(Field::Activity),
        },
        Question {
            name: "days",
            kind: "radio",
            legend: "How many days a week can you exercise?",
            hint: "Short sessions on more days work well for back pain.",
            choices: choices(
                "days",
                (2..=7u8).map(|n| (n, n.to_string(), format!("{n} days"), "")),
                |n| draft.days == Some(n),
            ),
            inline: true,
            value: String::new(),
            error: error(Field::Days),
        },
        Question {
            name: "minutes",
            kind: "text",
            legend: "How many minutes do you have for each session?",
            hint: "Any number from 10 to 60. Even 10 minutes helps.",
            choices: Vec::new(),
            inline: false,
            value: draft.minutes.clone(),
            error: error(Field::Minutes),
        },
        Question {
            name: "equipment",
            kind: "checkbox",
            legend: "What equipment can you use?",
            hint: "Select all that apply. You can do a good routine with none of them.",
            choices: choices(
                "equipment",
                Equipment::ALL.iter().map(|e| {
                    (
                        *e,
                        e.as_str().to_owned(),
                        e.label().to_owned(),
                        equipment_hint(*e),
                    )
                }),
                |e| draft.equipment.contains(&e),
            ),
            inline: false,
            value: String::new(),
            error: error(Field::Equipment),
        },
        Question {
            name: "cleared",
            kind: "radio",
            legend: "Has a doctor or physiotherapist said you can train with weights?",
            hint: "We include weight machines and dumbbells only if they have.",
            choices: choices(
                "cleared",
                [
                    (true, "yes".to_owned(), "Yes".to_owned(), ""),
                    (
                        false,
                        "no".to_owned(),
                        "No, or I have not asked".to_owned(),
                        "",
                    ),
                ],
                |c| draft.cleared == Some(c),
            ),
            inline: true,
            value: String::new(),
            error: error(Field::Cleared),
        },
    ]
}

/// An entry of the error summary.
pub struct SummaryError {
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "routine_form.html")]
struct FormPage {
    chrome: Chrome,
    errors: Vec<SummaryError>,
    questions: Vec<Question>,
}

#[derive(Template)]
#[template(path = "routine_red_flag.html")]
struct RedFlagPage {
    chrome: Chrome,
    emergency: bool,
    flags: Vec<(&'static str, bool)>,
}

/// An item of a session, ready to show.
pub struct ShownItem {
    pub part: &'static str,
    pub slug: String,
    pub name: String,
    pub dosage: String,
    pub minutes: u32,
}

#[derive(Template)]
#[template(path = "routine_plan.html")]
struct PlanPage {
    chrome: Chrome,
    plan: Plan,
    /// Supports for what the person said makes their pain worse.
    supports_sidebar: SupportsSidebar,
    summary: Vec<(&'static str, String)>,
    change_url: String,
    /// The answers as hidden fields of the "save this routine" form.
    answer_fields: Vec<(String, String)>,
    weeks: Vec<ShownWeek>,
}

/// A week, flattened for the template.
pub struct ShownWeek {
    pub number: u8,
    pub focus: String,
    pub days: Vec<ShownDay>,
    pub sessions: Vec<ShownSession>,
}

pub struct ShownDay {
    pub weekday: String,
    pub session: Option<(String, &'static str, u32)>,
}

pub struct ShownSession {
    pub label: String,
    /// The first day of the week with this session (1 = Monday).
    pub first_day: u8,
    /// "Start this session" link, where the page has one.
    pub start: Option<String>,
    pub kind: &'static str,
    pub minutes: u32,
    pub days: String,
    pub items: Vec<ShownItem>,
}

pub fn shown_weeks(plan: &Plan) -> Vec<ShownWeek> {
    plan.weeks
        .iter()
        .map(|week| ShownWeek {
            number: week.number,
            focus: week.focus.clone(),
            days: week
                .schedule()
                .map(|(day, session)| ShownDay {
                    weekday: day.weekday.clone(),
                    session: session.map(|s| (s.label.clone(), s.kind.label(), s.minutes)),
                })
                .collect(),
            sessions: week
                .sessions
                .iter()
                .map(|session| ShownSession {
                    label: session.label.clone(),
                    first_day: week
                        .days
                        .iter()
                        .position(|d| d.session.as_deref() == Some(session.label.as_str()))
                        .and_then(|i| u8::try_from(i + 1).ok())
                        .unwrap_or(1),
                    start: None,
                    kind: session.kind.label(),
                    minutes: session.minutes,
                    days: week
                        .days
                        .iter()
                        .filter(|d| d.session.as_deref() == Some(session.label.as_str()))
                        .map(|d| d.weekday.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    items: session
                        .blocks
                        .iter()
                        .flat_map(|block| {
                            block.items.iter().map(move |item| ShownItem {
                                part: part_label(block.part),
                                slug: item.slug.clone(),
                                name: item.name.clone(),
                                dosage: item.dosage.clone(),
                                minutes: item.minutes,
                            })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

fn part_label(part: Part) -> &'static str {
    part.label()
}

fn form_chrome(state: &AppState, content: &crate::content::Content, title: &str) -> Chrome {
    Chrome::new(
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
    let query = req.query_string();
    if query.len() > QUERY_LIMIT {
        return Ok(uri_too_long());
    }
    let content = state.content.current();
    let page = async { form_page(&state, &content, query) };
    state
        .pages
        .cached(
            &req,
            &content,
            Shelf::Queries,
            format!("routine?{query}"),
            page,
        )
        .await
}

fn form_page(
    state: &AppState,
    content: &crate::content::Content,
    query: &str,
) -> Result<HttpResponse, AppError> {
    let mut chrome = form_chrome(state, content, "Build your routine");
    if !query.is_empty() {
        chrome = chrome.noindex();
    }
    render(&FormPage {
        chrome,
        errors: Vec::new(),
        questions: questions(&Draft::from_query(query), None),
    })
}

/// What a set of answers leads to, for the pages that take them.
pub enum Decided {
    /// Valid answers with no warning sign: their plan.
    Plan(Answers, Plan),
    /// A page to show instead: the red-flag page, or the form again with
    /// its errors (status 400).
    Page(HttpResponse),
}

/// Validates raw answer pairs exactly as the plan page does and plans them.
/// Shared by `GET /routine/plan` and `POST /routine/save`.
pub fn decide(
    state: &AppState,
    content: &crate::content::Content,
    raw: &[(String, String)],
) -> Result<Decided, AppError> {
    let answers = match Answers::from_pairs(raw) {
        Ok(answers) => answers,
        Err(invalid) => {
            // Safety first: a warning sign is acted on even when other
            // answers still need fixing.
            if invalid.error(Field::RedFlag).is_none()
                && let Some(referral) = crate::routine::screening::screen(&invalid.draft.red_flags)
            {
                return red_flag_page(state, content, &referral).map(Decided::Page);
            }
            let page = FormPage {
                chrome: form_chrome(state, content, "Error: Build your routine").noindex(),
                errors: invalid
                    .errors
                    .iter()
                    .map(|e| SummaryError {
                        href: format!("#{}", e.field.name()),
                        message: e.message.clone(),
                    })
                    .collect(),
                questions: questions(&invalid.draft, Some(&invalid)),
            };
            return render_status(StatusCode::BAD_REQUEST, &page).map(Decided::Page);
        }
    };
    match plan(&answers, &content.exercises) {
        Outcome::SeeADoctor(referral) => {
            red_flag_page(state, content, &referral).map(Decided::Page)
        }
        Outcome::Plan(plan) => Ok(Decided::Plan(answers, plan)),
    }
}

/// `GET /routine/plan?…`: the plan for the answers; the red-flag page when
/// a warning sign was given (even if other answers are missing); otherwise,
/// for missing or wrong answers, the form again with status 400.
pub async fn plan_page(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let query = req.query_string();
    if query.len() > QUERY_LIMIT {
        return Ok(uri_too_long());
    }
    let content = state.content.current();
    // The page is a pure function of the content and the query, so the
    // same answers get the page built the first time.
    let page = async { build_plan_page(&state, &content, query) };
    state
        .pages
        .cached(
            &req,
            &content,
            Shelf::Queries,
            format!("plan?{query}"),
            page,
        )
        .await
}

fn build_plan_page(
    state: &AppState,
    content: &crate::content::Content,
    query: &str,
) -> Result<HttpResponse, AppError> {
    let (answers, plan) = match decide(state, content, &pairs(query))? {
        Decided::Plan(answers, plan) => (answers, plan),
        Decided::Page(page) => return Ok(page),
    };
    let chrome = Chrome::new(
        state,
        content,
        "Your four-week plan",
        "A four-week exercise plan for lower back pain, built from your answers.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    let query = answers.to_query();
    let mut weeks = shown_weeks(&plan);
    for week in &mut weeks {
        for session in &mut week.sessions {
            session.start = Some(super::session::plan_session_url(
                &query,
                week.number,
                session.first_day,
            ));
        }
    }
    render(&PlanPage {
        chrome,
        supports_sidebar: plan_sidebar(state, content, &answers),
        summary: answers.summary(),
        change_url: format!("/routine?{query}"),
        answer_fields: pairs(&query),
        weeks,
        plan,
    })
}

/// Supports for what the person said about their pain and equipment.
pub fn plan_sidebar(
    state: &AppState,
    content: &crate::content::Content,
    answers: &Answers,
) -> SupportsSidebar {
    supports::sidebar(
        state,
        content,
        &RecommendContext::for_routine(
            answers.worse.iter().copied(),
            answers.equipment.iter().copied(),
            Some(answers.activity),
        ),
    )
}

fn red_flag_page(
    state: &AppState,
    content: &crate::content::Content,
    referral: &Referral,
) -> Result<HttpResponse, AppError> {
    let emergency = referral.urgency == Urgency::Emergency;
    let title = if emergency {
        "Get medical help now"
    } else {
        "Get medical advice today"
    };
    let mut chrome = Chrome::new(
        state,
        content,
        title,
        "One of your answers is a warning sign that a doctor needs to check first.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    // The banner invites people to build a routine: not on this page.
    chrome.banner = None;
    render(&RedFlagPage {
        chrome,
        emergency,
        flags: referral
            .flags
            .iter()
            .map(|f| (f.label(), f.urgency() == Urgency::Emergency))
            .collect(),
    })
}
