//! `GET /r/{token}/plan.json`: the plan as it stands now, for programs.

use actix_web::{HttpResponse, web};

use super::load;
use crate::error::AppError;
use crate::routine::Outcome;
use crate::web::AppState;
use crate::web::clock::Now;

/// `GET /r/{token}/plan.json`: the plan as it stands now, in the shape of
/// `/routine/plan.json` (`"outcome": "plan"`, weeks, sessions, items with
/// `slug` and numeric `dose`), the weeks shown so far (4, 8 or 12 of
/// `weeks_total`), each with its `tier` and `step` (and the plan's own,
/// `planned_tier` and `planned_step`) and, where the log changed it, its
/// `reason`; plus the `flare` state and each logged session's `light`.
/// Private like every `/r/` page.
pub async fn plan_json(
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token, now).await?;
    let mut value = serde_json::to_value(Outcome::Plan(saved.plan.clone()))
        .map_err(|err| AppError::Internal(format!("plan as JSON: {err}")))?;
    if let Some(weeks) = value.get_mut("weeks").and_then(|w| w.as_array_mut()) {
        for (week, adapted) in weeks.iter_mut().zip(&saved.adaptation.weeks) {
            if let Some(week) = week.as_object_mut() {
                week.insert("planned_step".to_owned(), adapted.planned.step.into());
                week.insert("step".to_owned(), adapted.level.step.into());
                let tier = |tier| {
                    serde_json::to_value(tier)
                        .map_err(|err| AppError::Internal(format!("tier as JSON: {err}")))
                };
                week.insert("planned_tier".to_owned(), tier(adapted.planned.tier)?);
                week.insert("tier".to_owned(), tier(adapted.level.tier)?);
                week.insert(
                    "reason".to_owned(),
                    adapted
                        .reasons()
                        .map_or(serde_json::Value::Null, serde_json::Value::from),
                );
            }
        }
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("weeks_total".to_owned(), saved.weeks_total.into());
        let flare = serde_json::to_value(&saved.adaptation.flare)
            .map_err(|err| AppError::Internal(format!("flare as JSON: {err}")))?;
        object.insert("flare".to_owned(), flare);
        let lights = serde_json::to_value(&saved.adaptation.lights)
            .map_err(|err| AppError::Internal(format!("lights as JSON: {err}")))?;
        object.insert("lights".to_owned(), lights);
    }
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .json(value))
}
