//! `GET /routine/plan?…`: the four-week plan for the answers, and the
//! pieces of it the saved routine shows too (weeks, advice, supports).

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Decided, decide};
use crate::content::SignList;
use crate::error::AppError;
use crate::routine::answers::pairs;
use crate::routine::planner::{Part, Plan};
use crate::routine::{Age, Answers, Leg, Level, Pregnancy, SignId};
use crate::supports::RecommendContext;
use crate::web::pages::query_page;
use crate::web::pages::supports::{self, SupportsSidebar};
use crate::web::{AppState, Layout, Nav, render};

/// An item of a session, ready to show.
pub struct ShownItem {
    pub part: &'static str,
    pub slug: String,
    pub name: String,
    pub dosage: String,
    pub minutes: u32,
}

#[derive(Template)]
#[template(path = "routine/plan.html")]
struct PlanPage {
    layout: Layout,
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
    /// Left out after a flare-up.
    pub paused: Option<crate::routine::planner::ExerciseLink>,
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
                    paused: session.paused.clone(),
                })
                .collect(),
        })
        .collect()
}

fn part_label(part: Part) -> &'static str {
    part.label()
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
    let layout = Layout::new(
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
            session.start = Some(crate::web::pages::session_guide::plan_session_url(
                &query,
                week.number,
                session.first_day,
            ));
        }
    }
    render(&PlanPage {
        layout,
        supports_sidebar: plan_sidebar(state, content, &answers),
        summary: answers.summary(),
        change_url: format!("/routine?{query}"),
        answer_fields: pairs(&query),
        weeks,
        advice: plan_advice(content, &plan, &answers),
        plan,
    })
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
