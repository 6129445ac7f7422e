//! Liveness for monitors and load balancers.

use actix_web::{HttpResponse, web};

use crate::db;
use crate::error::AppError;
use crate::web::AppState;

/// `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.
pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let answered = db::run(&state.db, |conn| Ok(db::ping(conn)?)).await;
    match answered {
        Ok(true) => Ok(HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .body("ok\n")),
        Ok(false) => Err(AppError::Unavailable(
            "database gave a wrong answer".to_owned(),
        )),
        Err(err) => {
            tracing::error!(error = %err, "health check failed");
            Err(AppError::Unavailable(err.to_string()))
        }
    }
}
