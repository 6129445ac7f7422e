//! `GET /routine/plan.json?…`: the planner's outcome as JSON.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;
use crate::routine::answers::pairs;
use crate::routine::{Answers, Outcome, Screened, plan};
use crate::web::AppState;
use crate::web::pages::{short_query, uri_too_long};

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
