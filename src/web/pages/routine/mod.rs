//! The routine builder: the form (`/routine`), and the plan or the
//! red-flag page (`/routine/plan?…`). Everything is a GET, so a plan URL
//! can be bookmarked, shared and printed; nothing is stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::supports::{self, SupportsSidebar};
use super::{query_page, short_query, uri_too_long};
use crate::content::{Service, SignList};
use crate::error::AppError;
use crate::routine::answers::{Draft, Field, Invalid, pairs};
use crate::routine::planner::{Part, Plan};
use crate::routine::{
    Activity, Age, Answers, Cause, Duration, Equipment, Leg, Level, Outcome, Pregnancy, RedFlag,
    Referral, Screened, SignId, Urgency, WarningSigns, Worse, plan,
};
use crate::supports::RecommendContext;
use crate::web::{AppState, Chrome, Nav, render, render_status};

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
    one_sign: bool,
    /// What to do: the service for the most urgent sign given.
    action: String,
    phone: Option<String>,
    /// The signs given, by level, with their explanations.
    told: Vec<SignList>,
    /// Urgent signs only: the form again with "a doctor has checked" ticked.
    recheck_url: Option<String>,
    /// Urgent signs only: the emergency signs to watch for.
    watch: Option<SignList>,
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
    advice: PlanAdvice,
}

/// A week, flattened for the template.
pub struct ShownWeek {
    pub number: u8,
    pub focus: String,
    /// Why this week differs from the plan as first made (saved routines
    /// that adapt to their log).
    pub reason: Option<String>,
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
            reason: None,
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
    query_page(&req, &state, "routine", form_page).await
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
        questions: questions(&Draft::from_query(query), None, &content.signs),
    })
}

/// What a set of answers leads to, for the pages that take them.
pub enum Decided {
    /// Valid answers that lead to a plan.
    Plan(Answers, Plan),
    /// A page to show instead: the red-flag page, the adults-only page, the
    /// ease-it-first page, or the form again with its errors (status 400).
    Page(HttpResponse),
}

/// Checks raw answers: the answers, or the form again with every error
/// beside its field (status 400) — unless a warning sign was given, which
/// is acted on even when other answers still need fixing (safety first).
fn checked_answers(
    state: &AppState,
    content: &crate::content::Content,
    raw: &[(String, String)],
) -> Result<Result<Answers, HttpResponse>, AppError> {
    match Answers::from_pairs(raw) {
        Ok(answers) => Ok(Ok(answers)),
        Err(invalid) => {
            // Any warning sign that could be read is screened, even when
            // the question has a mistake too (say "none" and a sign both
            // ticked): an emergency must never wait for a form fix.
            if let Screened::Refer(referral) = crate::routine::screening::screen(
                &invalid.draft.red_flags,
                &content.signs,
                invalid.draft.assessed,
            ) {
                return red_flag_page(state, content, &referral, raw).map(Err);
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
                questions: questions(&invalid.draft, Some(&invalid), &content.signs),
            };
            render_status(StatusCode::BAD_REQUEST, &page).map(Err)
        }
    }
}

/// Validates raw answer pairs exactly as the plan page does and plans them.
/// Shared by `GET /routine/plan`, `POST /routine/save` and the session page.
pub fn decide(
    state: &AppState,
    content: &crate::content::Content,
    raw: &[(String, String)],
) -> Result<Decided, AppError> {
    let answers = match checked_answers(state, content, raw)? {
        Ok(answers) => answers,
        Err(page) => return Ok(Decided::Page(page)),
    };
    match plan(&answers, &content.exercises, &content.signs) {
        Outcome::SeeADoctor(referral) => {
            red_flag_page(state, content, &referral, raw).map(Decided::Page)
        }
        Outcome::NotForChildren => children_page(state, content).map(Decided::Page),
        Outcome::EaseFirst { pain, pregnant } => {
            ease_first_page(state, content, pain, pregnant).map(Decided::Page)
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
    query_page(&req, &state, "plan", build_plan_page).await
}

/// Boxes a plan shows at the top and in "When to stop", from the one
/// warning-signs table: see-a-GP-soon advice, the urgent signs a doctor
/// has checked, and the emergency signs.
pub struct PlanAdvice {
    pub soon: Option<SignList>,
    pub checked: Option<SignList>,
    pub urgent: SignList,
    pub emergency: SignList,
    /// Guides for who is asking (sciatica, pregnancy, older age): (title,
    /// link).
    pub guides: Vec<(String, String)>,
}

/// Guides that speak to these answers, where the guide is served.
fn guides_for(content: &crate::content::Content, answers: &Answers) -> Vec<(String, String)> {
    let mut slugs = Vec::new();
    if answers.leg == Leg::BelowKnee {
        slugs.push("sciatica");
    }
    if answers.pregnancy != Pregnancy::No {
        slugs.push("back-pain-in-pregnancy");
    }
    if answers.age == Some(Age::Senior) || crate::routine::planner::fragile_bones(answers) {
        slugs.push("staying-strong-in-older-age");
    }
    slugs
        .into_iter()
        .filter_map(|slug| {
            content
                .guides
                .get(slug)
                .map(|g| (g.title.clone(), format!("/guides/{slug}")))
        })
        .collect()
}

pub fn plan_advice(
    content: &crate::content::Content,
    plan: &Plan,
    answers: &Answers,
) -> PlanAdvice {
    let signs = &content.signs;
    let services = &content.site.services;
    let soon: Vec<SignId> = plan.see_soon.iter().map(|s| SignId::Soon(*s)).collect();
    let checked: Vec<SignId> = plan.checked.iter().map(|f| SignId::Flag(*f)).collect();
    PlanAdvice {
        soon: (!soon.is_empty())
            .then(|| SignList::new(signs, services, Level::Soon, Some(&soon), true)),
        checked: (!checked.is_empty())
            .then(|| SignList::new(signs, services, Level::Urgent, Some(&checked), false)),
        urgent: SignList::new(signs, services, Level::Urgent, None, false),
        emergency: SignList::new(signs, services, Level::Emergency, None, false),
        guides: guides_for(content, answers),
    }
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
        advice: plan_advice(content, &plan, &answers),
        plan,
    })
}

/// `GET /routine/plan.json?…`: the planner's outcome for the answers as
/// JSON, for other services: `{"outcome": "see_a_doctor", "urgency", "flags"}`,
/// `{"outcome": "not_for_children"}`, `{"outcome": "ease_first", "pain"}` or
/// `{"outcome": "plan", "weeks": [...], ...}` (each item with its exercise
/// `slug` and `dose` in numbers). Answers are checked exactly as for the
/// page; mistakes get 400 with `{"errors": [{"field", "message"}]}` (a
/// warning sign is still answered, as on the page).
pub async fn plan_json(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(query) = short_query(&req) else {
        return Ok(uri_too_long());
    };
    let content = state.content.current();
    let raw = pairs(query);
    let outcome = match Answers::from_pairs(&raw) {
        Ok(answers) => plan(&answers, &content.exercises, &content.signs),
        Err(invalid) => {
            let referral = match crate::routine::screening::screen(
                &invalid.draft.red_flags,
                &content.signs,
                invalid.draft.assessed,
            ) {
                Screened::Refer(referral) => Some(referral),
                _ => None,
            };
            match referral {
                Some(referral) => Outcome::SeeADoctor(referral),
                None => {
                    let errors: Vec<JsonError> = invalid
                        .errors
                        .iter()
                        .map(|e| JsonError {
                            field: e.field.name(),
                            message: &e.message,
                        })
                        .collect();
                    return Ok(HttpResponse::BadRequest()
                        .content_type("application/json")
                        .json(JsonErrors { errors }));
                }
            }
        }
    };
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .json(&outcome))
}

#[derive(serde::Serialize)]
struct JsonErrors<'a> {
    errors: Vec<JsonError<'a>>,
}

#[derive(serde::Serialize)]
struct JsonError<'a> {
    field: &'static str,
    message: &'a str,
}

/// Supports for what the person said about their pain and equipment.
pub fn plan_sidebar(
    state: &AppState,
    content: &crate::content::Content,
    answers: &Answers,
) -> SupportsSidebar {
    let mut context = RecommendContext::for_routine(
        answers.worse.iter().copied(),
        answers.equipment.iter().copied(),
        Some(answers.activity),
    );
    context.pregnant = answers.pregnancy == Pregnancy::Pregnant;
    supports::sidebar(state, content, &context)
}

/// The page for answers that need a doctor first: which signs, how
/// urgently, and what to do, all from the one table and `site.toml`.
fn red_flag_page(
    state: &AppState,
    content: &crate::content::Content,
    referral: &Referral,
    raw: &[(String, String)],
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
    let signs = &content.signs;
    let services = &content.site.services;
    let given = |level: Level| -> Option<SignList> {
        let ids: Vec<SignId> = referral
            .flags
            .iter()
            .filter(|f| signs.level_of(**f) == level)
            .map(|f| SignId::Flag(*f))
            .collect();
        (!ids.is_empty()).then(|| SignList::new(signs, services, level, Some(&ids), true))
    };
    let told: Vec<SignList> = [Level::Emergency, Level::Urgent]
        .into_iter()
        .filter_map(given)
        .collect();
    // With urgent signs only: the way back for someone a doctor has
    // already seen, and the emergency signs to watch for meanwhile.
    let child = raw
        .iter()
        .any(|(name, value)| name == "age" && value.trim() == "under-16");
    let (recheck_url, watch) = if emergency {
        (None, None)
    } else if child {
        // The site makes no plan under 16, so it offers none here.
        (
            None,
            Some(SignList::new(
                signs,
                services,
                Level::Emergency,
                None,
                false,
            )),
        )
    } else {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in raw {
            if name != "assessed" {
                query.append_pair(name, value);
            }
        }
        query.append_pair("assessed", "yes");
        (
            Some(format!("/routine?{}#assessed", query.finish())),
            Some(SignList::new(
                signs,
                services,
                Level::Emergency,
                None,
                false,
            )),
        )
    };
    let service = services.for_level(referral.urgency.level());
    render(&RedFlagPage {
        chrome,
        emergency,
        one_sign: referral.flags.len() == 1,
        action: service.action.clone(),
        phone: service.phone.clone(),
        told,
        recheck_url,
        watch,
    })
}

#[derive(Template)]
#[template(path = "routine_children.html")]
struct ChildrenPage {
    chrome: Chrome,
    emergency: SignList,
}

/// Under 16: this site is for adults; where children should get help.
fn children_page(
    state: &AppState,
    content: &crate::content::Content,
) -> Result<HttpResponse, AppError> {
    let mut chrome = Chrome::new(
        state,
        content,
        "This site is for adults",
        "The routine builder makes plans for adults. Where children and young people with back pain can get help.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    chrome.banner = None;
    render(&ChildrenPage {
        chrome,
        emergency: SignList::new(
            &content.signs,
            &content.site.services,
            Level::Emergency,
            None,
            false,
        ),
    })
}

#[derive(Template)]
#[template(path = "routine_ease_first.html")]
struct EaseFirstPage {
    chrome: Chrome,
    pain: u8,
    pregnant: bool,
    urgent: Service,
    emergency: SignList,
}

/// Pain of 9 or 10: no routine yet; how to ease severe pain first.
fn ease_first_page(
    state: &AppState,
    content: &crate::content::Content,
    pain: u8,
    pregnant: bool,
) -> Result<HttpResponse, AppError> {
    let mut chrome = Chrome::new(
        state,
        content,
        "Ease the pain first",
        "Your pain is very bad right now. How to ease it before you start a routine, and when to call for help.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    chrome.banner = None;
    render(&EaseFirstPage {
        chrome,
        pain,
        pregnant,
        urgent: content.site.services.urgent.clone(),
        emergency: SignList::new(
            &content.signs,
            &content.site.services,
            Level::Emergency,
            None,
            false,
        ),
    })
}
