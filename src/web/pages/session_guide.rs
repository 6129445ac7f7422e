//! "Do today's session": one planned session as a guide to follow.
//!
//! - `GET /routine/session?<plan answers>&week=W&day=D`: a session of an
//!   unsaved plan. The answers are checked exactly like `/routine/plan`
//!   (the same 400 form and red-flag page, through [`decide`]); `week`
//!   defaults to 1 and `day` (1 = Monday … 7 = Sunday) to the week's first
//!   session day. The end of the page offers to save the routine with this
//!   session's answers (pain during and after, how hard it felt, the back
//!   this morning, a note) as its first log entry.
//! - `GET /r/{token}/session/{week}/{day}`: a session of a saved routine;
//!   the end-of-session form posts to `POST /r/{token}/log` (the same write
//!   path as the log forms on the saved page, which it returns to).
//!
//! Without JavaScript the page is a numbered checklist with each
//! exercise's picture, cue, dosage and pacing. `static/js/session.js` turns
//! it into one exercise at a time with timers; it reads the steps from a
//! JSON data block, so the server stays the one source of the step list
//! (`routine::steps`). A week or day that is not a number in range is a
//! 400; a rest day is a 404 that says so.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::forms::once;
use super::routine::{Decided, decide};
use super::saved::{Choice, Saved, effort_choices, load, morning_choices};
use super::{short_query, uri_too_long};
use crate::content::Content;
use crate::error::AppError;
use crate::routine::Answers;
use crate::routine::answers::pairs;
use crate::routine::planner::Plan;
use crate::routine::steps::{SessionSteps, session_steps};
use crate::saved::logform::{FieldError, LogForm};
use crate::saved::schedule::{self, Slot};
use crate::saved::{Effort, Morning, NOTE_MAX_CHARS};
use crate::web::clock::Now;
use crate::web::{AppState, Layout, Nav, render};

const SCRIPT: &str = "js/session.js";

/// What the end of the session offers.
pub enum End {
    /// A saved routine: the log form (its mistakes are shown on the saved
    /// page, which its action re-shows).
    Log {
        action: String,
        week: u8,
        day: u8,
        /// What is logged for this session already, in words.
        logged: Option<String>,
        questions: EndQuestions,
    },
    /// A saved routine's session whose day has not come: no log form yet
    /// ([`Saved::not_yet`]), and when it can be logged.
    Later {
        /// `Thursday 10 December`.
        date: String,
        back: String,
    },
    /// An unsaved plan: save it, with this session's log (the answers as
    /// hidden fields, the log's fields named `log_…`).
    Save {
        answer_fields: Vec<(String, String)>,
        week: u8,
        day: u8,
        questions: EndQuestions,
    },
}

impl End {
    /// Whether the end of the page asks how the back is (it has a form).
    pub fn asks(&self) -> bool {
        !matches!(self, End::Later { .. })
    }
}

/// The questions both end forms ask, on one screen with large targets:
/// pain during the session, pain now, how hard it felt, the back this
/// morning, and a note. All optional.
pub struct EndQuestions {
    /// Put before each field name: `""` for a saved routine's log, `log_`
    /// on the save form (beside the plan's answers, which have a `pain`).
    pub prefix: &'static str,
    /// The 0–10 choices, the given one checked.
    pub pain_during: Vec<(u8, bool)>,
    pub pain: Vec<(u8, bool)>,
    pub effort: Vec<Choice>,
    pub morning: Vec<Choice>,
    pub note: String,
    pub note_max: usize,
    /// Problems with the fields after a save was tried.
    pub errors: Vec<FieldError>,
}

impl EndQuestions {
    /// The questions filled in with `form`'s values (what is stored, or what
    /// was just sent) and its `errors`.
    fn new(prefix: &'static str, form: &LogForm, errors: &[FieldError]) -> EndQuestions {
        let scale = |value: &str| {
            (0..=10)
                .map(|n| (n, value.trim() == n.to_string()))
                .collect()
        };
        EndQuestions {
            prefix,
            pain_during: scale(&form.pain_during),
            pain: scale(&form.pain),
            effort: effort_choices(&form.effort),
            morning: morning_choices(&form.morning),
            note: form.note.clone(),
            note_max: NOTE_MAX_CHARS,
            errors: errors.to_vec(),
        }
    }

    /// The message for `field`, if it has one.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `aria-describedby` of a question: its hint, and its error if any.
    pub fn described_by(&self, field: &str) -> String {
        match self.error(field) {
            Some(_) => format!("end-{field}-hint end-{field}-error"),
            None => format!("end-{field}-hint"),
        }
    }

    /// The id the error summary links to for `field`: the first choice of
    /// a question, or the note.
    pub fn anchor(&self, field: &str) -> String {
        match field {
            "note" => "end-note".to_owned(),
            "pain" | "pain_during" => format!("end-{field}-0"),
            "effort" => format!("end-effort-{}", Effort::TooEasy.as_str()),
            "morning" => format!("end-morning-{}", Morning::Better.as_str()),
            _ => "end-title".to_owned(),
        }
    }
}

#[derive(Template)]
#[template(path = "routine/session.html")]
struct SessionPage {
    layout: Layout,
    script_url: String,
    title: String,
    /// `Week 1, Monday` (with the date on a saved routine).
    when: String,
    minutes: u32,
    back_href: String,
    back_text: &'static str,
    steps: SessionSteps,
    /// Each exercise's small still picture, for the checklist (empty for
    /// one that has left the catalog).
    thumbs: Vec<String>,
    end: End,
}

/// The checklist's small pictures, one per exercise of `steps`.
fn thumbs_for(state: &AppState, content: &Content, steps: &SessionSteps) -> Vec<String> {
    let thumb = crate::web::pages::routine::thumbs(state, content);
    steps
        .exercises
        .iter()
        .map(|card| thumb(&card.slug))
        .collect()
}

/// The steps of a slot's session, with picture URLs.
fn steps_for(state: &AppState, content: &Content, slot: &Slot<'_>) -> SessionSteps {
    let mut steps = session_steps(slot.session, &content.exercises);
    for card in &mut steps.exercises {
        card.picture = card.picture.as_deref().map(|p| state.assets.url(p));
    }
    steps
}

/// Reads a week or day number; `what` names it in the message.
fn number(text: &str, what: &str, most: usize) -> Result<u8, AppError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=most).contains(&usize::from(*n)))
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "The {what} in this address must be a whole number from 1 to {most}. Please go back to your plan and use its “Start” links."
            ))
        })
}

/// The planned session on `week`, `day`; `day` `None` means the week's
/// first session.
fn find_slot<'p>(plan: &'p Plan, week: &str, day: Option<&str>) -> Result<Slot<'p>, AppError> {
    let week = number(week, "week", plan.weeks.len())?;
    let day = day.map(|d| number(d, "day", 7)).transpose()?;
    let slots = schedule::slots(plan);
    let mut in_week = slots.into_iter().filter(|s| s.week == week);
    match day {
        None => in_week.next().ok_or_else(|| {
            AppError::NotFound(format!("Week {week} of this plan has no sessions."))
        }),
        Some(day) => in_week.find(|s| s.day == day).ok_or_else(|| {
            let weekday = crate::routine::planner::WEEKDAYS
                .get(usize::from(day) - 1)
                .copied()
                .unwrap_or("That day");
            AppError::NotFound(format!(
                "{weekday} of week {week} is a rest day in this plan, so there is no session to do. Keep up your normal daily activity, and go back to the plan to choose a session day."
            ))
        }),
    }
}

pub(in crate::web::pages) fn session_title(slot: &Slot<'_>) -> String {
    format!(
        "Session {}: {}",
        slot.session.label,
        slot.session.kind.label()
    )
}

/// `GET /routine/session?…&week=W&day=D`: a session of an unsaved plan.
pub async fn plan_session(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(query) = short_query(&req) else {
        return Ok(uri_too_long());
    };
    let raw = pairs(query);
    let content = state.content.current();
    let (answers, plan) = match decide(&state, &content, &raw)? {
        Decided::Plan(answers, plan) => (answers, plan),
        Decided::Page(page) => return Ok(page),
    };
    let single = |name| {
        once(&raw, name).map_err(|name| {
            AppError::BadRequest(format!(
                "The address gives `{name}` more than once. Please go back to your plan and use its “Start” links."
            ))
        })
    };
    let week = single("week")?.unwrap_or("1");
    let day = single("day")?;
    let slot = find_slot(&plan, week, day)?;
    render(&unsaved_page(&state, &content, &answers, &slot, None))
}

/// The session page of an unsaved plan again, after its save form was sent
/// with a mistake in the log fields: status 400, the person's answers and
/// note kept, each message beside its field, nothing stored.
pub fn plan_session_again(
    state: &AppState,
    content: &Content,
    answers: &Answers,
    plan: &Plan,
    form: &LogForm,
    errors: &[FieldError],
) -> Result<HttpResponse, AppError> {
    let slot = find_slot(plan, &form.week, Some(&form.day))?;
    let page = unsaved_page(state, content, answers, &slot, Some((form, errors)));
    crate::web::render_status(actix_web::http::StatusCode::BAD_REQUEST, &page)
}

fn unsaved_page(
    state: &AppState,
    content: &Content,
    answers: &Answers,
    slot: &Slot<'_>,
    tried: Option<(&LogForm, &[FieldError])>,
) -> SessionPage {
    let steps = steps_for(state, content, slot);
    let title = session_title(slot);
    let answer_query = answers.to_query();
    let blank = LogForm::default();
    let (form, errors) = tried.unwrap_or((&blank, &[]));
    SessionPage {
        layout: Layout::new(
            state,
            content,
            &title,
            "One session of your plan, one exercise at a time.",
            "/routine/session",
            Nav::Routine,
        )
        .noindex(),
        script_url: state.assets.url(SCRIPT),
        when: format!("Week {}, {}", slot.week, slot.weekday),
        minutes: slot.session.minutes,
        back_href: format!("/routine/plan?{answer_query}"),
        back_text: "Back to your plan",
        thumbs: thumbs_for(state, content, &steps),
        steps,
        end: End::Save {
            answer_fields: pairs(&answer_query),
            week: slot.week,
            day: slot.day,
            questions: EndQuestions::new("log_", form, errors),
        },
        title,
    }
}

/// `GET /r/{token}/session/{week}/{day}`: a session of a saved routine.
pub async fn saved_session(
    state: web::Data<AppState>,
    now: Now,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, AppError> {
    let (token, week, day) = path.into_inner();
    let saved: Saved = load(&state, &token, now).await?;
    let content = state.content.current();
    let slot = find_slot(&saved.plan, &week, Some(&day))?;
    let steps = steps_for(&state, &content, &slot);
    let title = session_title(&slot);
    let base = format!("/r/{}", saved.token.as_str());
    let entry = saved
        .logs
        .iter()
        .find(|e| e.week == slot.week && e.day == slot.day);
    let date = schedule::date_of(saved.start, slot.week, slot.day);
    let when = if date == saved.today {
        format!(
            "Week {}, today ({} {})",
            slot.week,
            slot.weekday,
            date.format("%-d %B")
        )
    } else {
        format!(
            "Week {}, {} {}",
            slot.week,
            slot.weekday,
            date.format("%-d %B")
        )
    };
    render(&SessionPage {
        layout: Layout::new(
            &state,
            &content,
            &title,
            "One session of your saved routine, one exercise at a time.",
            "",
            Nav::Routine,
        )
        .noindex(),
        script_url: state.assets.url(SCRIPT),
        when,
        minutes: slot.session.minutes,
        back_href: base.clone(),
        back_text: "Back to your saved routine",
        thumbs: thumbs_for(&state, &content, &steps),
        steps,
        end: match saved.not_yet((slot.week, slot.day)) {
            Some(date) => End::Later {
                date: schedule::long_date(date),
                back: base.clone(),
            },
            None => End::Log {
                action: format!("{base}/log"),
                week: slot.week,
                day: slot.day,
                logged: entry.map(super::saved::logged_text),
                questions: EndQuestions::new(
                    "",
                    &entry.map(LogForm::from_entry).unwrap_or_default(),
                    &[],
                ),
            },
        },
        title,
    })
}

/// The address of a session of an unsaved plan.
pub fn plan_session_url(answer_query: &str, week: u8, day: u8) -> String {
    format!("/routine/session?{answer_query}&week={week}&day={day}")
}

/// The address of a session of a saved routine (`base` is `/r/{token}`).
pub fn saved_session_url(base: &str, week: u8, day: u8) -> String {
    format!("{base}/session/{week}/{day}")
}
