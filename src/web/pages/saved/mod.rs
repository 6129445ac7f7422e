//! Saved routines: `POST /routine/save` and the private pages under
//! `/r/{token}` (the plan, the progress log and chart, exports, erase).
//!
//! The token in the link is the only key: the database holds its SHA-256,
//! the access log never sees it (see `web::middleware::access`), and every page
//! here is `no-store`, `no-referrer` and `noindex`. An unknown or malformed
//! token is a plain 404. Writes go through the single writer connection,
//! each as one committed transaction, before the 303 is sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, guard, web};
use askama::Template;
use chrono::{NaiveDate, Utc};

use super::forms::{FormPost, SameOrigin, first_repeated, once};
use super::routine::{
    Decided, PlanAdvice, ShownWeek, decide, plan_advice, plan_sidebar, shown_weeks,
};
use super::session::saved_session_url;
use super::supports::SupportsSidebar;
use crate::content::{Content, SignList};
use crate::db::{self, routines};
use crate::error::AppError;
use crate::routine::planner::{Plan, plan_at_settings, planned_steps, tiers_that_change};
use crate::routine::{Answers, Category, Outcome};
use crate::saved::adapt::{self, Adaptation};
use crate::saved::export::{self, CalendarSession};
use crate::saved::logform::{FieldError, LogForm, parse_session};
use crate::saved::schedule::{self, Slot};
use crate::saved::{Effort, LogEntry, Morning, NOTE_MAX_CHARS, Progress, Token, progress};
use crate::web::cache::Shelf;
use crate::web::{AppState, Chrome, Nav, page, render, render_status};

/// Private pages: never cached, never indexed, never named in a Referer.
fn private_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CACHE_CONTROL, "no-store"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add(("X-Robots-Tag", "noindex, nofollow"))
}

fn post_only() -> actix_web::Route {
    web::route().guard(guard::Post())
}

fn method_not_allowed(allow: &'static str) -> actix_web::Route {
    web::to(
        move || async move { Err::<HttpResponse, AppError>(AppError::MethodNotAllowed { allow }) },
    )
}

/// `POST /routine/save` (with 405 for other methods).
pub fn save_resource() -> actix_web::Resource {
    web::resource("/routine/save")
        .route(post_only().to(save))
        .default_service(method_not_allowed("POST"))
}

/// `GET /routine/erased`: the page after a routine is erased.
pub fn erased_resource() -> actix_web::Resource {
    page("/routine/erased", erased)
}

/// Everything under `/r/`.
pub fn scope() -> impl actix_web::dev::HttpServiceFactory {
    web::scope("/r")
        .wrap(private_headers())
        .service(page("/{token}", show))
        .service(
            web::resource("/{token}/log")
                .route(post_only().to(log))
                .default_service(method_not_allowed("POST")),
        )
        .service(
            web::resource("/{token}/log/remove")
                .route(post_only().to(remove_log))
                .default_service(method_not_allowed("POST")),
        )
        .service(page(
            "/{token}/session/{week}/{day}",
            super::session::saved_session,
        ))
        .service(page("/{token}/export.csv", export_csv))
        .service(page("/{token}/calendar.ics", calendar))
        .service(page("/{token}/plan.json", plan_json))
        .service(
            web::resource("/{token}/delete")
                .route(
                    web::route()
                        .guard(guard::Any(guard::Get()).or(guard::Head()))
                        .to(confirm_delete),
                )
                .route(post_only().to(delete))
                .default_service(method_not_allowed("GET, HEAD, POST")),
        )
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// `POST /routine/save`: validates the answers exactly like the plan page
/// (same errors, same red-flag page), stores them with a snapshot of the
/// plan, and sends the person to their private link.
///
/// From the end of a session of an unsaved plan the form also carries that
/// session's log (`log=yes`, `log_week`, `log_session`, `log_pain`,
/// `log_pain_during`, `log_effort`, `log_morning`, `log_note`): it is
/// stored with the routine in one transaction, and a mistake in it shows
/// the session page again with the message beside the field and nothing
/// stored. `log=no` (or no `log`) saves the routine alone.
pub async fn save(state: web::Data<AppState>, form: FormPost) -> Result<HttpResponse, AppError> {
    let raw = form.pairs()?;
    let content = state.content.current();
    let (answers, plan) = match decide(&state, &content, &raw)? {
        Decided::Plan(answers, plan) => (answers, plan),
        Decided::Page(page) => return Ok(page),
    };
    let now = Utc::now().naive_utc();
    let first_log = match save_with_log(&raw)? {
        false => None,
        true => {
            let mut form = log_form_named(&raw, "log_")?;
            "yes".clone_into(&mut form.done);
            match form.check(&schedule::keys(&plan), now) {
                Ok(entry) => Some(entry),
                Err(errors) => {
                    if let Some(session) = errors.iter().find(|e| e.field == "session") {
                        return Err(AppError::BadRequest(session.message.clone()));
                    }
                    return super::session::plan_session_again(
                        &state, &content, &answers, &plan, &form, &errors,
                    );
                }
            }
        }
    };
    let token =
        Token::generate().map_err(|err| AppError::Internal(format!("no random bytes: {err}")))?;
    let plan_json = serde_json::to_string(&plan)
        .map_err(|err| AppError::Internal(format!("plan snapshot: {err}")))?;
    let hash = token.hash();
    let query = answers.to_query();
    let anchor = first_log
        .as_ref()
        .map(|entry| format!("#log-w{}-d{}", entry.week, entry.day))
        .unwrap_or_default();
    db::run(&state.writer, move |conn| {
        Ok(routines::insert(
            conn,
            &hash,
            &query,
            &plan_json,
            now.date(),
            now,
            first_log.as_ref(),
        )?)
    })
    .await?;
    Ok(see_other(format!("/r/{}{anchor}", token.as_str())))
}

/// Whether a save form asks to log a session too (`log`: `yes` or `no`,
/// at most once; absent on the plan page's form).
fn save_with_log(raw: &[(String, String)]) -> Result<bool, AppError> {
    let value = once(raw, "log").map_err(|name| {
        AppError::BadRequest(format!(
            "The form sent `{name}` more than once. Please use the buttons on the page."
        ))
    })?;
    match value {
        None | Some("no") => Ok(false),
        Some("yes") => Ok(true),
        Some(_) => Err(AppError::BadRequest(
            "The form's `log` must be yes or no. Please use the buttons on the page.".to_owned(),
        )),
    }
}

/// A saved routine read back: its row, answers, the plan as it stands now
/// (the snapshot adapted to the log) and the log.
pub(super) struct Saved {
    pub(super) token: Token,
    id: i64,
    pub(super) start: NaiveDate,
    /// How many weeks the routine runs; `plan` holds the ones shown so far.
    pub(super) weeks_total: u8,
    answers: Answers,
    /// The plan as it stands: the saved snapshot, with the weeks the log
    /// has changed rebuilt by the planner.
    pub(super) plan: Plan,
    /// What the log did to the plan, week by week, and the flare-up state.
    pub(super) adaptation: Adaptation,
    pub(super) logs: Vec<LogEntry>,
}

/// How many weeks of the routine a person sees when they have reached
/// week `at` (the later of the week they are in and the latest week they
/// have logged): weeks 1 to 4, then 5 to 8 from week 4, then 9 to 12 from
/// week 8, so the page is never longer than it needs to be.
pub(super) fn weeks_shown(at: u8) -> u8 {
    let block = adapt::BASE_WEEKS;
    let blocks = (at / block).saturating_add(1);
    blocks.saturating_mul(block).clamp(block, adapt::WEEKS)
}

/// The snapshot adapted to the log, with `shown` weeks: weeks 1 to 4 stay
/// exactly as saved unless the rules changed their amounts, and weeks the
/// rules changed, like every week after the fourth, are built by the
/// planner at their level (so every planner safety rule holds).
fn current_plan(
    snapshot: Plan,
    answers: &Answers,
    content: &Content,
    logs: &[LogEntry],
    start: NaiveDate,
    now: chrono::NaiveDateTime,
    shown: u8,
) -> (Plan, Adaptation) {
    let (harder, easier) = tiers_that_change(answers, &content.exercises, &content.signs);
    let shape = adapt::Shape {
        planned: planned_steps(snapshot.gentle, snapshot.slower_start),
        harder: harder && !snapshot.gentle,
        easier,
        days: snapshot
            .weeks
            .first()
            .map(|week| {
                (1u8..)
                    .zip(&week.days)
                    .filter(|(_, day)| day.session.is_some())
                    .map(|(n, _)| n)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let adaptation = adapt::adapt_from(&shape, logs, Some(start), now);
    let saved_weeks = u8::try_from(snapshot.weeks.len()).unwrap_or(u8::MAX);
    if !adaptation.changed() && shown <= saved_weeks {
        return (snapshot, adaptation);
    }
    let settings: Vec<_> = adaptation
        .settings()
        .into_iter()
        .take(usize::from(shown))
        .collect();
    let Outcome::Plan(rebuilt) =
        plan_at_settings(answers, &content.exercises, &content.signs, &settings)
    else {
        // The answers no longer give a plan with today's content (say, a
        // warning sign's level changed): keep the plan as saved, and say
        // nothing of changes it does not show.
        return (snapshot, adaptation.unmoved());
    };
    let mut plan = snapshot;
    for (week, adapted) in plan.weeks.iter_mut().zip(&adaptation.weeks) {
        if !adapted.as_planned()
            && let Some(new) = rebuilt.weeks.iter().find(|w| w.number == week.number)
        {
            *week = new.clone();
        }
    }
    plan.weeks
        .extend(rebuilt.weeks.into_iter().filter(|w| w.number > saved_weeks));
    (plan, adaptation)
}

fn no_such_routine() -> AppError {
    AppError::NotFound(
        "There is no saved routine at this link. It may have been erased, or part of the link may be missing."
            .to_owned(),
    )
}

pub(super) async fn load(state: &AppState, raw: &str) -> Result<Saved, AppError> {
    let token = Token::parse(raw).ok_or_else(no_such_routine)?;
    let hash = token.hash();
    let found = db::run(&state.db, move |conn| {
        let Some(row) = routines::find(conn, &hash)? else {
            return Ok(None);
        };
        let logs = routines::logs(conn, row.id)?;
        Ok(Some((row, logs)))
    })
    .await?;
    let (row, logs) = found.ok_or_else(no_such_routine)?;
    // Answers saved before a question was added lack it; they still read.
    let answers = Answers::from_stored(&row.answers).map_err(|err| {
        AppError::Internal(format!(
            "stored answers of routine {} no longer read: {err:?}",
            row.id
        ))
    })?;
    let plan: Plan = serde_json::from_str(&row.plan_json).map_err(|err| {
        AppError::Internal(format!(
            "stored plan of routine {} no longer reads: {err}",
            row.id
        ))
    })?;
    let content = state.content.current();
    let now = Utc::now().naive_utc();
    let reached = schedule::week_on(row.start_date, now.date())
        .max(logs.iter().map(|e| e.week).max().unwrap_or(1));
    let shown = weeks_shown(reached);
    let (plan, adaptation) =
        current_plan(plan, &answers, &content, &logs, row.start_date, now, shown);
    // All 12 weeks, unless the plan could not be rebuilt past the saved
    // weeks with today's content.
    let weeks_total = if plan.weeks.len() < usize::from(shown) {
        u8::try_from(plan.weeks.len()).unwrap_or(u8::MAX)
    } else {
        adapt::WEEKS
    };
    Ok(Saved {
        token,
        id: row.id,
        start: row.start_date,
        weeks_total,
        answers,
        plan,
        adaptation,
        logs,
    })
}

/// A planned session with its log form.
pub struct LogSession {
    pub week: u8,
    pub day: u8,
    /// `w2-d3`: the anchor and id stem of this session's form.
    pub key: String,
    pub weekday: String,
    pub date: String,
    pub title: String,
    pub minutes: u32,
    /// What is logged, in words (`None`: nothing yet).
    pub logged: Option<String>,
    pub note: String,
    /// Form values: what is stored, or what was just sent with errors.
    pub done: String,
    pub pain: String,
    pub pain_during: String,
    pub effort: Vec<Choice>,
    pub morning: Vec<Choice>,
    pub errors: Vec<FieldError>,
    /// The session guide for this session.
    pub start: String,
}

impl LogSession {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// `aria-describedby` of an optional question: its hint, and its error
    /// when there is one.
    pub fn described_by(&self, field: &str) -> String {
        match self.error(field) {
            Some(_) => format!("{field}-hint-{key} {field}-error-{key}", key = self.key),
            None => format!("{field}-hint-{}", self.key),
        }
    }
}

/// One radio button of a question with fixed answers.
pub struct Choice {
    /// The form value.
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// The "How hard did it feel?" radios, `current` (a form value) checked.
pub(super) fn effort_choices(current: &str) -> Vec<Choice> {
    Effort::ALL
        .into_iter()
        .map(|e| Choice {
            value: e.as_str(),
            label: e.label(),
            checked: e.as_str() == current.trim(),
        })
        .collect()
}

/// The "How did your back feel this morning" radios, `current` checked.
pub(super) fn morning_choices(current: &str) -> Vec<Choice> {
    Morning::ALL
        .into_iter()
        .map(|m| Choice {
            value: m.as_str(),
            label: m.label(),
            checked: m.as_str() == current.trim(),
        })
        .collect()
}

pub struct LogWeek {
    pub number: u8,
    pub current: bool,
    pub sessions: Vec<LogSession>,
}

/// A link in the error summary.
pub struct SummaryLink {
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "saved/routine.html")]
struct RoutinePage {
    chrome: Chrome,
    link: String,
    started: String,
    week_now: u8,
    /// How many weeks the routine runs, and how many the page shows yet.
    weeks_total: u8,
    weeks_shown: u8,
    progress: Progress,
    log_weeks: Vec<LogWeek>,
    errors: Vec<SummaryLink>,
    summary: Vec<(&'static str, String)>,
    plan: Plan,
    weeks: Vec<ShownWeek>,
    advice: PlanAdvice,
    /// Shown with the progress warnings: the emergency signs.
    emergency: SignList,
    /// The flare-up plan, after a red session.
    flare: Option<FlareView>,
    base: String,
    note_max: usize,
    supports_sidebar: SupportsSidebar,
    today: Today,
}

/// The flare-up plan as the page shows it.
pub struct FlareView {
    /// Within 48 hours of the red session.
    pub recent: bool,
    /// A second red session within 7 days.
    pub repeated: bool,
    /// "Monday of week 1".
    pub when: String,
    /// The exercises of that session to keep doing gently, and to pause.
    pub keep: Vec<String>,
    pub pause: Vec<String>,
    /// The next planned session ("Wednesday of week 2"), if there is one.
    pub next: Option<String>,
    /// The sessions after it are lighter, without their hardest exercise
    /// (after a red session; one skipped with severe pain moves nothing).
    pub lighter: bool,
    /// Pain relief advice differs in pregnancy.
    pub pregnant: bool,
}

fn flare_view(saved: &Saved, content: &Content) -> Option<FlareView> {
    let flare = saved.adaptation.flare.as_ref()?;
    let on = |week: u8, day: u8| {
        let weekday = crate::routine::planner::WEEKDAYS
            .get(usize::from(day.saturating_sub(1)))
            .copied()
            .unwrap_or("a day");
        format!("{weekday} of week {week}")
    };
    // What that session asked for: its gentle moves to keep, the rest to
    // pause until the pain settles.
    let (mut keep, mut pause) = (Vec::new(), Vec::new());
    let session = saved
        .plan
        .weeks
        .iter()
        .find(|w| w.number == flare.week)
        .and_then(|week| {
            let day = week.days.get(usize::from(flare.day.saturating_sub(1)))?;
            week.session_on(day)
        });
    for item in session.iter().flat_map(|s| s.items()) {
        let gentle = content
            .exercises
            .exercise(&item.slug)
            .is_some_and(|e| e.intensity == 1 && e.category != Category::Strength);
        let list = if gentle { &mut keep } else { &mut pause };
        if !list.contains(&item.name) {
            list.push(item.name.clone());
        }
    }
    Some(FlareView {
        recent: flare.recent,
        repeated: flare.repeated,
        when: on(flare.week, flare.day),
        keep,
        pause,
        next: flare
            .next
            .filter(|(week, _)| *week <= saved.weeks_total)
            .map(|(week, day)| on(week, day)),
        lighter: flare.lighter,
        pregnant: saved.answers.pregnancy == crate::routine::Pregnancy::Pregnant,
    })
}

/// What the page says about today.
pub enum Today {
    /// A session is planned today: its guide, and its title.
    Session { href: String, title: String },
    /// No session today; the next one (`when`, its guide).
    Next { when: String, href: String },
    /// The plan has no sessions left.
    Over,
}

fn session_title(slot: &Slot<'_>) -> String {
    format!(
        "Session {}: {}",
        slot.session.label,
        slot.session.kind.label()
    )
}

/// What is logged for a session, in words: done or not and the pain after
/// it (as before the three answers existed), then each answer given.
pub(super) fn logged_text(entry: &LogEntry) -> String {
    let done = if entry.done { "Done" } else { "Not done" };
    let mut text = match entry.pain {
        Some(pain) => format!("{done}, pain {pain} out of 10"),
        None => done.to_owned(),
    };
    if let Some(during) = entry.pain_during {
        text.push_str(&format!(". Pain during the session: {during} out of 10"));
    }
    if let Some(effort) = entry.effort {
        text.push_str(match effort {
            Effort::TooEasy => ". It felt too easy",
            Effort::AboutRight => ". It felt about right",
            Effort::TooHard => ". It felt too hard",
        });
    }
    if let Some(morning) = entry.morning {
        text.push_str(match morning {
            Morning::Better => ". This morning your back felt better than before your last session",
            Morning::Same => ". This morning your back felt the same as before your last session",
            Morning::Worse => ". This morning your back felt worse than before your last session",
        });
    }
    text
}

/// Draws the routine page; `failed` is a log form sent with errors, shown
/// in place with the person's values.
fn routine_page(
    state: &AppState,
    content: &Content,
    saved: &Saved,
    failed: Option<(&LogForm, &[FieldError])>,
) -> Result<RoutinePage, AppError> {
    let today = Utc::now().date_naive();
    let weeks_total = saved.weeks_total;
    let weeks_shown = u8::try_from(saved.plan.weeks.len()).unwrap_or(u8::MAX);
    let week_now = schedule::week_on(saved.start, today);
    // In the order they happen (week 1 starts on the day of saving, so a
    // Monday session can come after Wednesday's).
    let mut slots = schedule::slots(&saved.plan);
    slots.sort_by_key(|s| schedule::date_of(saved.start, s.week, s.day));
    let keys: Vec<(u8, u8)> = slots.iter().map(|s| (s.week, s.day)).collect();
    // Sessions count as due up to this week, or further if the person has
    // already logged later ones.
    let latest_logged = saved.logs.iter().map(|e| e.week).max().unwrap_or(1);
    let counted_to = week_now.min(weeks_total).max(latest_logged);
    let failed_slot =
        failed.and_then(|(form, _)| parse_session(&form.week, &form.session, &keys).ok());
    let base = format!("/r/{}", saved.token.as_str());
    let today_link = match slots
        .iter()
        .find(|s| schedule::date_of(saved.start, s.week, s.day) >= today)
    {
        Some(slot) if schedule::date_of(saved.start, slot.week, slot.day) == today => {
            Today::Session {
                href: saved_session_url(&base, slot.week, slot.day),
                title: session_title(slot),
            }
        }
        Some(slot) => Today::Next {
            when: schedule::date_of(saved.start, slot.week, slot.day)
                .format("%A %-d %B")
                .to_string(),
            href: saved_session_url(&base, slot.week, slot.day),
        },
        None => Today::Over,
    };

    let mut log_weeks: Vec<LogWeek> = Vec::new();
    for slot in &slots {
        let entry = saved
            .logs
            .iter()
            .find(|e| e.week == slot.week && e.day == slot.day);
        let key = format!("w{}-d{}", slot.week, slot.day);
        let (values, errors) = match failed {
            Some((form, errors)) if failed_slot == Some((slot.week, slot.day)) => {
                (form.clone(), errors.to_vec())
            }
            _ => (
                entry.map(LogForm::from_entry).unwrap_or_default(),
                Vec::new(),
            ),
        };
        let session = LogSession {
            week: slot.week,
            day: slot.day,
            key,
            weekday: slot.weekday.to_owned(),
            date: schedule::date_of(saved.start, slot.week, slot.day)
                .format("%-d %B")
                .to_string(),
            title: session_title(slot),
            minutes: slot.session.minutes,
            logged: entry.map(logged_text),
            done: values.done.trim().to_owned(),
            pain: values.pain.trim().to_owned(),
            pain_during: values.pain_during.trim().to_owned(),
            effort: effort_choices(&values.effort),
            morning: morning_choices(&values.morning),
            note: values.note,
            errors,
            start: saved_session_url(&base, slot.week, slot.day),
        };
        match log_weeks.last_mut() {
            Some(week) if week.number == slot.week => week.sessions.push(session),
            _ => log_weeks.push(LogWeek {
                number: slot.week,
                current: slot.week == week_now.min(weeks_total),
                sessions: vec![session],
            }),
        }
    }

    let errors = failed
        .map(|(form, errors)| {
            let key = failed_slot
                .map(|(w, d)| format!("w{w}-d{d}"))
                .unwrap_or_else(|| format!("w{}-d{}", form.week.trim(), form.session.trim()));
            errors
                .iter()
                .map(|e| SummaryLink {
                    href: if e.field == "session" {
                        "#log-title".to_owned()
                    } else {
                        format!("#{}-{}", e.field, key)
                    },
                    message: e.message.clone(),
                })
                .collect()
        })
        .unwrap_or_default();

    let title = if failed.is_some() {
        "Error: Your saved routine"
    } else {
        "Your saved routine"
    };
    Ok(RoutinePage {
        chrome: Chrome::new(
            state,
            content,
            title,
            "Your private Backcare routine and progress log.",
            "",
            Nav::Routine,
        )
        .noindex(),
        link: format!("{}{}", state.config.base_url, base),
        started: saved.start.format("%-d %B %Y").to_string(),
        week_now,
        weeks_total,
        weeks_shown,
        progress: {
            let mut progress = progress::summarise(&saved.logs, &keys, counted_to);
            let adjusted: Vec<(u8, u8)> = saved
                .adaptation
                .lights
                .iter()
                .filter(|(.., light)| *light != adapt::Light::Green)
                .map(|(week, day, _)| (*week, *day))
                .collect();
            progress.mark_adjusted(&saved.logs, &keys, &adjusted);
            progress
        },
        log_weeks,
        errors,
        summary: saved.answers.summary(),
        weeks: {
            let mut weeks = shown_weeks(&saved.plan);
            for (week, adapted) in weeks.iter_mut().zip(&saved.adaptation.weeks) {
                week.reason = adapted.reasons();
            }
            weeks
        },
        flare: flare_view(saved, content),
        advice: plan_advice(content, &saved.plan, &saved.answers),
        emergency: SignList::new(
            &content.signs,
            &content.site.services,
            crate::routine::Level::Emergency,
            None,
            false,
        ),
        plan: saved.plan.clone(),
        base,
        note_max: NOTE_MAX_CHARS,
        supports_sidebar: plan_sidebar(state, content, &saved.answers),
        today: today_link,
    })
}

/// `GET /r/{token}`: the saved plan, where the person is in it, the log
/// forms, and the progress chart.
///
/// The page is kept in memory (never in the browser) until the routine
/// changes or the day does: its key holds the token's hash, today's date
/// and the routine's version, which every write moves on.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let owner = Token::parse(&token).ok_or_else(no_such_routine)?.hash();
    // Read the version before the database, so a write that lands in
    // between is never hidden behind this page.
    let version = state.pages.private_version(&owner);
    let today = Utc::now().date_naive();
    let key = format!("r:{}:{today}:{version}", hex(&owner));
    let content = state.content.current();
    let page = async {
        let saved = load(&state, &token).await?;
        render(&routine_page(&state, &content, &saved, None)?)
    };
    state
        .pages
        .cached(&req, &content, Shelf::Private, key, page)
        .await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST /r/{token}/log`: records (or corrects) one session, then back to
/// the page. Wrong values re-show the page with the errors beside the
/// fields; nothing is stored.
pub async fn log(
    state: web::Data<AppState>,
    token: web::Path<String>,
    post: FormPost,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
    let form = log_form(&post.pairs()?)?;
    let keys = schedule::keys(&saved.plan);
    match form.check(&keys, Utc::now().naive_utc()) {
        Ok(entry) => {
            let anchor = format!("#log-w{}-d{}", entry.week, entry.day);
            let id = saved.id;
            db::run(&state.writer, move |conn| {
                Ok(routines::upsert_log(conn, id, &entry)?)
            })
            .await?;
            state.pages.private_changed(&saved.token.hash());
            Ok(see_other(format!("/r/{}{anchor}", saved.token.as_str())))
        }
        Err(errors) => {
            let content = state.content.current();
            let page = routine_page(&state, &content, &saved, Some((&form, &errors)))?;
            render_status(StatusCode::BAD_REQUEST, &page)
        }
    }
}

/// Reads the log form's fields; each may appear once.
fn log_form(raw: &[(String, String)]) -> Result<LogForm, AppError> {
    log_form_named(raw, "")
}

/// The fields of the log form.
const LOG_FIELDS: [&str; 8] = [
    "week",
    "session",
    "done",
    "pain",
    "pain_during",
    "effort",
    "morning",
    "note",
];

/// Reads a log form whose field names start with `prefix` (the save form
/// of a session page carries one as `log_week`, `log_pain`, …, beside the
/// plan's answers, which have a `pain` of their own).
pub(super) fn log_form_named(raw: &[(String, String)], prefix: &str) -> Result<LogForm, AppError> {
    fn field_of<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
        name.strip_prefix(prefix)
            .filter(|field| LOG_FIELDS.contains(field))
    }
    if let Some(name) = first_repeated(raw, |name| field_of(name, prefix).is_some()) {
        return Err(AppError::BadRequest(format!(
            "The form sent `{name}` more than once. Please use the form on the page."
        )));
    }
    let mut form = LogForm::default();
    for (name, value) in raw {
        let Some(field) = field_of(name, prefix) else {
            continue;
        };
        let slot = match field {
            "week" => &mut form.week,
            "session" => &mut form.session,
            "done" => &mut form.done,
            "pain" => &mut form.pain,
            "pain_during" => &mut form.pain_during,
            "effort" => &mut form.effort,
            "morning" => &mut form.morning,
            "note" => &mut form.note,
            _ => continue,
        };
        value.clone_into(slot);
    }
    Ok(form)
}

/// `POST /r/{token}/log/remove`: removes one logged session.
pub async fn remove_log(
    state: web::Data<AppState>,
    token: web::Path<String>,
    post: FormPost,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
    let form = log_form(&post.pairs()?)?;
    let keys = schedule::keys(&saved.plan);
    let (week, day) = parse_session(&form.week, &form.session, &keys)
        .map_err(|err| AppError::BadRequest(err.message))?;
    let id = saved.id;
    db::run(&state.writer, move |conn| {
        Ok(routines::delete_log(conn, id, week, day)?)
    })
    .await?;
    state.pages.private_changed(&saved.token.hash());
    Ok(see_other(format!(
        "/r/{}#log-w{week}-d{day}",
        saved.token.as_str()
    )))
}

fn attachment(content_type: &'static str, filename: &'static str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(content_type)))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}

/// `GET /r/{token}/export.csv`: every log entry.
pub async fn export_csv(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
    let slots = schedule::slots(&saved.plan);
    let csv = export::log_csv(&saved.logs, |week, day| {
        slots
            .iter()
            .find(|s| s.week == week && s.day == day)
            .map(|s| format!("Week {week}, {}: {}", s.weekday, session_title(s)))
            .unwrap_or_else(|| format!("Week {week}, day {day}"))
    })
    .map_err(|err| AppError::Internal(format!("csv export: {err}")))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "backcare-log.csv",
        csv,
    ))
}

/// `GET /r/{token}/plan.json`: the plan as it stands now, in the shape of
/// `/routine/plan.json` (`"outcome": "plan"`, weeks, sessions, items with
/// `slug` and numeric `dose`), the weeks shown so far (4, 8 or 12 of
/// `weeks_total`), each with its `tier` and `step` (and the plan's own,
/// `planned_tier` and `planned_step`) and, where the log changed it, its
/// `reason`; plus the `flare` state and each logged session's `light`.
/// Private like every `/r/` page.
pub async fn plan_json(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
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

/// `GET /r/{token}/calendar.ics`: the planned sessions as calendar events.
pub async fn calendar(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
    let sessions: Vec<CalendarSession> = schedule::slots(&saved.plan)
        .iter()
        .map(|slot| CalendarSession {
            date: schedule::date_of(saved.start, slot.week, slot.day),
            week: slot.week,
            day: slot.day,
            title: format!(
                "Back routine: {} (about {} minutes)",
                session_title(slot),
                slot.session.minutes
            ),
            description: calendar_description(slot),
        })
        .collect();
    // Event ids must stay the same for this routine but must not reveal
    // its link: use the row id, which only this database knows.
    let uid_base = format!("routine-{}", saved.id);
    let text = export::sessions_ics(&sessions, &uid_base, "Backcare routine", export::now());
    Ok(attachment(
        "text/calendar; charset=utf-8",
        "backcare-routine.ics",
        text,
    ))
}

fn calendar_description(slot: &Slot<'_>) -> String {
    let mut lines: Vec<String> = slot
        .session
        .items()
        .map(|item| format!("- {}: {}", item.name, item.dosage))
        .collect();
    lines.push(String::new());
    lines.push("Brace your abdominals before each strength exercise. Pain up to about 5 out of 10 is fine if it settles within a day; stop for sharp pain or pain spreading down a leg (or further down it than usual).".to_owned());
    lines.push("Log how it went on your saved routine page.".to_owned());
    lines.join("\n")
}

#[derive(Template)]
#[template(path = "saved/delete.html")]
struct DeletePage {
    chrome: Chrome,
    base: String,
    logged: usize,
}

/// `GET /r/{token}/delete`: asks before erasing.
pub async fn confirm_delete(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
    let content = state.content.current();
    render(&DeletePage {
        chrome: Chrome::new(
            &state,
            &content,
            "Erase your saved routine?",
            "Erase a saved Backcare routine and its log.",
            "",
            Nav::Routine,
        )
        .noindex(),
        base: format!("/r/{}", saved.token.as_str()),
        logged: saved.logs.len(),
    })
}

/// `POST /r/{token}/delete`: erases the routine and every log entry.
pub async fn delete(
    _: SameOrigin,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let saved = load(&state, &token).await?;
    let id = saved.id;
    db::run(&state.writer, move |conn| Ok(routines::delete(conn, id)?)).await?;
    state.pages.private_changed(&saved.token.hash());
    Ok(see_other("/routine/erased".to_owned()))
}

#[derive(Template)]
#[template(path = "saved/erased.html")]
struct ErasedPage {
    chrome: Chrome,
}

/// `GET /routine/erased`: confirms the erase.
pub async fn erased(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let content = state.content.current();
    render(&ErasedPage {
        chrome: Chrome::new(
            &state,
            &content,
            "Your routine has been erased",
            "Your saved routine has been erased.",
            "",
            Nav::Routine,
        )
        .noindex(),
    })
}

#[cfg(test)]
mod tests {
    use super::weeks_shown;

    #[test]
    fn weeks_5_to_8_show_from_week_4_and_9_to_12_from_week_8() {
        for (at, shown) in [
            (0, 4),
            (1, 4),
            (3, 4),
            (4, 8),
            (7, 8),
            (8, 12),
            (12, 12),
            (13, 12),
            (u8::MAX, 12),
        ] {
            assert_eq!(weeks_shown(at), shown, "week {at}");
        }
    }
}
