//! The routine builder: the form (`/routine`), and the plan or the
//! red-flag page (`/routine/plan?…`). Everything is a GET, so a plan URL
//! can be bookmarked, shared and printed; nothing is stored.
//!
//! [`form`] draws the form, [`plan`] the plan, [`outcomes`] the pages shown
//! instead of one, [`json`] the outcome for programs; [`decide`] here
//! checks a set of answers for all of them (and for saving a routine and
//! the session page).

mod form;
mod json;
mod outcomes;
mod plan;

pub use form::form;
pub use json::plan_json;
pub use plan::{
    PLAN_JS, PlanAdvice, ShownWeek, plan_advice, plan_page, plan_sidebar, shown_weeks, thumbs,
};

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::error::AppError;
use crate::routine::planner::Plan;
use crate::routine::{Answers, Outcome, Screened, plan};
use crate::web::{AppState, render_status};
use form::{FormPage, SummaryError, form_layout, questions};
use outcomes::{children_page, ease_first_page, red_flag_page};

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
                layout: form_layout(state, content, "Error: Build your routine").noindex(),
                errors: invalid
                    .errors
                    .iter()
                    .map(|e| SummaryError {
                        href: format!("#{}", e.field.name()),
                        message: e.message.clone(),
                    })
                    .collect(),
                questions: questions(&invalid.draft, Some(&invalid), &content.signs),
                script_url: state.assets.url(form::CHOICES_JS),
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
