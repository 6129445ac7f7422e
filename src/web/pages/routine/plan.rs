//! `GET /routine/plan?…`: the four-week plan for the answers, and the
//! pieces of it the saved routine shows too (weeks, advice, supports).

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Decided, decide};
use crate::content::Content;
use crate::content::SignList;
use crate::error::AppError;
use crate::routine::answers::pairs;
use crate::routine::planner::{ExerciseLink, Part, Plan, Week};
use crate::routine::{Age, Answers, Leg, Level, Pregnancy, SignId};
use crate::routine::{Change, Growth, week_changes};
use crate::supports::RecommendContext;
use crate::web::pages::query_page;
use crate::web::pages::supports::{self, SupportsSidebar};
use crate::web::{AppState, Layout, Nav, render};

/// The Print button and opening closed parts for paper, on plan pages and
/// saved routines.
pub const PLAN_JS: &str = "js/plan.js";

/// An item of a session, ready to show.
pub struct ShownItem {
    pub part: &'static str,
    pub slug: String,
    pub name: String,
    pub dosage: String,
    pub minutes: u32,
    /// The exercise's small picture (empty when it has none).
    pub thumb: String,
    /// The first item of its part of the session: the part's name shows
    /// on it alone.
    pub first_of_part: bool,
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
    /// `plan.js`: the Print button.
    script_url: String,
}

/// A week, flattened for the template.
pub struct ShownWeek {
    pub number: u8,
    pub focus: String,
    /// The same focus as the week before: said on paper only.
    pub same_focus: bool,
    /// Why this week differs from the plan as first made (saved routines
    /// that adapt to their log).
    pub reason: Option<String>,
    pub days: Vec<ShownDay>,
    pub sessions: Vec<ShownSession>,
    /// What changes from the week before: every week but the first shows
    /// this, with the whole week one tap away (and in full on paper).
    pub changes: Option<ShownChanges>,
    /// The whole week shows open: the current week of a saved routine.
    pub open: bool,
}

pub struct ShownDay {
    pub weekday: String,
    /// The weekday's first three letters, for the week at a glance.
    pub short: String,
    pub session: Option<(String, &'static str, u32)>,
}

/// [`WeekChanges`](crate::routine::WeekChanges) ready to show.
pub struct ShownChanges {
    /// The week before's number.
    pub from: u8,
    /// The week's shortest and longest session, when they changed.
    pub minutes: Option<(u32, u32)>,
    /// The days differ from the week before: the page lists them.
    pub days: bool,
    /// Amounts that change, by how: "Longer holds: …".
    pub groups: Vec<ChangeGroup>,
    /// New exercises that take another's place.
    pub swapped: Vec<ShownChange>,
    /// Exercises already in the plan, now in other sessions too.
    pub moved: Vec<ShownChange>,
    /// How most exercises change, said once for all the exercises the
    /// other lines do not name ("a few more repetitions"), when that group
    /// is long.
    pub rest: Option<&'static str>,
    /// Exercises that stay the same (named beside `rest`).
    pub unchanged: Vec<ExerciseLink>,
    pub added: Vec<ShownChange>,
    pub dropped: Vec<ExerciseLink>,
    /// Exercises left out after a flare-up: (session label, exercise).
    pub paused: Vec<(String, ExerciseLink)>,
}

impl ShownChanges {
    pub fn is_empty(&self) -> bool {
        self.minutes.is_none()
            && !self.days
            && self.groups.is_empty()
            && self.added.is_empty()
            && self.swapped.is_empty()
            && self.moved.is_empty()
            && self.dropped.is_empty()
            && self.paused.is_empty()
    }
}

/// Exercises whose amount changes the same way.
pub struct ChangeGroup {
    /// `Longer holds`.
    pub label: &'static str,
    /// The page gives each new amount (for less, more minutes and other
    /// changes); otherwise the names say enough, and the amounts are in
    /// the whole week.
    pub amounts: bool,
    pub items: Vec<ShownChange>,
}

/// One exercise whose amount changes, or that is new.
pub struct ShownChange {
    pub slug: String,
    pub name: String,
    pub dosage: String,
    /// `in sessions B and D`, when it is not every session with this
    /// exercise (always for a new one).
    pub sessions: Option<String>,
    pub instead_of: Option<ExerciseLink>,
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

/// An exercise's small picture by slug: its thumbnail (or, without one,
/// its full picture); empty for a slug the catalog does not have.
pub fn thumbs<'a>(state: &'a AppState, content: &'a Content) -> impl Fn(&str) -> String + 'a {
    move |slug| {
        content
            .exercises
            .exercise(slug)
            .map(|e| state.assets.thumb_url(&e.illustration.path))
            .unwrap_or_default()
    }
}

/// `in session B`, `in sessions A and C`.
fn in_sessions(labels: &[String]) -> String {
    match labels {
        [one] => format!("in session {one}"),
        [rest @ .., last] => format!("in sessions {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

fn shown_changes(before: &Week, week: &Week, catalog: &crate::routine::Catalog) -> ShownChanges {
    let changes = week_changes(before, week, catalog);
    let paused: Vec<(String, ExerciseLink)> = week
        .sessions
        .iter()
        .filter_map(|s| s.paused.clone().map(|p| (s.label.clone(), p)))
        .collect();
    let shown = |c: &Change, always: bool| ShownChange {
        sessions: (always || !c.everywhere).then(|| in_sessions(&c.sessions)),
        slug: c.slug.clone(),
        name: c.name.clone(),
        dosage: c.dosage.clone(),
        instead_of: c.instead_of.clone(),
    };
    // The longest list of names that need no amounts is said as "all the
    // other exercises", so a week where nearly everything grows a little
    // takes a line, not a paragraph.
    const LONG: usize = 5;
    let named = [
        Growth::MoreRepetitions,
        Growth::MoreSets,
        Growth::LongerHolds,
    ];
    // Only a change made in every session with the exercise can go
    // without its name.
    let count = |g: Growth| {
        changes
            .amounts
            .iter()
            .filter(|c| c.growth == g && c.everywhere)
            .count()
    };
    let rest = named
        .into_iter()
        .max_by_key(|g| count(*g))
        .filter(|g| count(*g) >= LONG);
    let mut groups = Vec::new();
    for (growth, label, amounts) in [
        (Growth::MoreRepetitions, "A few more repetitions", false),
        (Growth::MoreSets, "One more set", false),
        (Growth::LongerHolds, "Longer holds", false),
        (Growth::MoreTime, "More time", true),
        (Growth::Less, "Less than the week before", true),
        (Growth::Other, "New amounts", true),
    ] {
        let items: Vec<ShownChange> = changes
            .amounts
            .iter()
            .filter(|c| c.growth == growth && !(Some(growth) == rest && c.everywhere))
            .map(|c| shown(c, false))
            .collect();
        if !items.is_empty() {
            groups.push(ChangeGroup {
                label,
                amounts,
                items,
            });
        }
    }
    ShownChanges {
        from: before.number,
        minutes: changes.minutes,
        days: changes.days,
        groups,
        rest: rest.map(|g| match g {
            Growth::MoreSets => "one more set",
            Growth::LongerHolds => "longer holds",
            _ => "a few more repetitions",
        }),
        unchanged: if rest.is_some() {
            changes.unchanged
        } else {
            Vec::new()
        },
        added: changes
            .added
            .iter()
            .filter(|c| c.instead_of.is_none() && !c.moved)
            .map(|c| shown(c, true))
            .collect(),
        swapped: changes
            .added
            .iter()
            .filter(|c| c.instead_of.is_some())
            .map(|c| shown(c, false))
            .collect(),
        moved: changes
            .added
            .iter()
            .filter(|c| c.moved)
            .map(|c| shown(c, true))
            .collect(),
        // A paused exercise is said once, as paused.
        dropped: changes
            .dropped
            .into_iter()
            .filter(|d| !paused.iter().any(|(_, p)| p.slug == d.slug))
            .collect(),
        paused,
    }
}

/// The plan's weeks ready to show: week 1 in full, every later week as
/// what changes from the week before (and in full, closed, for those who
/// want it and for paper).
pub fn shown_weeks(state: &AppState, content: &Content, plan: &Plan) -> Vec<ShownWeek> {
    let thumb = thumbs(state, content);
    plan.weeks
        .iter()
        .enumerate()
        .map(|(i, week)| ShownWeek {
            number: week.number,
            focus: week.focus.clone(),
            same_focus: i
                .checked_sub(1)
                .and_then(|before| plan.weeks.get(before))
                .is_some_and(|before| before.focus == week.focus),
            reason: None,
            changes: i
                .checked_sub(1)
                .and_then(|before| plan.weeks.get(before))
                .map(|before| shown_changes(before, week, &content.exercises)),
            open: false,
            days: week
                .schedule()
                .map(|(day, session)| ShownDay {
                    weekday: day.weekday.clone(),
                    short: day.weekday.chars().take(3).collect(),
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
                            let thumb = &thumb;
                            block
                                .items
                                .iter()
                                .enumerate()
                                .map(move |(i, item)| ShownItem {
                                    first_of_part: i == 0,
                                    part: part_label(block.part),
                                    slug: item.slug.clone(),
                                    name: item.name.clone(),
                                    dosage: item.dosage.clone(),
                                    minutes: item.minutes,
                                    thumb: thumb(&item.slug),
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
    .noindex()
    .signs_on_page();
    let query = answers.to_query();
    let mut weeks = shown_weeks(state, content, &plan);
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
        script_url: state.assets.url(PLAN_JS),
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
