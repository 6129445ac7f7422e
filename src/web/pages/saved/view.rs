//! `GET /r/{token}`: the saved routine's page (where the person is, the
//! log forms, the progress chart, the flare-up plan), kept in memory per
//! routine version and day.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::load::no_such_routine;
use super::{Saved, load};
use crate::content::{Content, SignList};
use crate::error::AppError;
use crate::routine::Category;
use crate::routine::planner::Plan;
use crate::saved::logform::{FieldError, LogForm, parse_slot};
use crate::saved::schedule;
use crate::saved::{Effort, LogEntry, Morning, NOTE_MAX_CHARS, Progress, Token, progress};
use crate::web::cache::Shelf;
use crate::web::clock::Now;
use crate::web::pages::routine::{
    PLAN_JS, PlanAdvice, ShownWeek, plan_advice, plan_sidebar, shown_weeks,
};
use crate::web::pages::session_guide::{saved_session_url, session_title};
use crate::web::pages::supports::SupportsSidebar;
use crate::web::{AppState, Layout, Nav, render};

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
    /// "Saved: Monday, week 1 — Done, pain 3 out of 10.", on the page a
    /// log of this session leads back to.
    pub saved: Option<String>,
    /// Its day has not come and nothing is logged for it, so it has no log
    /// form yet ([`super::Saved::not_yet`]).
    pub later: bool,
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
pub(in crate::web::pages) fn effort_choices(current: &str) -> Vec<Choice> {
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
pub(in crate::web::pages) fn morning_choices(current: &str) -> Vec<Choice> {
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

impl LogWeek {
    /// Shown open: this week, or the week of a session just logged.
    pub fn open(&self) -> bool {
        self.current || self.sessions.iter().any(|s| s.saved.is_some())
    }
}

/// The week and day of `saved=w2-d3` in a query string: where a log just
/// landed (see [`super::log`]). Only a week the routine can have and a
/// weekday; whether that session is logged is the page's to check.
pub(super) fn just_saved(query: &str) -> Option<(u8, u8)> {
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("saved="))?;
    let (week, day) = value.strip_prefix('w')?.split_once("-d")?;
    let week: u8 = week.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    ((1..=crate::saved::adapt::WEEKS).contains(&week) && (1..=7).contains(&day))
        .then_some((week, day))
}

/// A link in the error summary.
pub struct SummaryLink {
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "saved/routine.html")]
pub(super) struct RoutinePage {
    layout: Layout,
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
    /// `plan.js`: the Print button, and focus on the "Saved" message.
    script_url: String,
    /// How long the routine is kept (`--keep-days`), in words.
    kept: String,
}

/// How long a routine is kept, in words, for `keep_days` (`--keep-days`).
fn kept_text(keep_days: u32) -> String {
    match keep_days {
        0 => "We keep this routine until you erase it.".to_owned(),
        1 => "We keep this routine for 1 day after your last visit, then erase it.".to_owned(),
        days => {
            format!("We keep this routine for {days} days after your last visit, then erase it.")
        }
    }
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
    /// The sessions after it are lighter (after a red session; one skipped
    /// with severe pain moves nothing).
    pub lighter: bool,
    /// The exercise the next session leaves out, if it leaves one out.
    pub next_paused: Option<String>,
    /// The session was skipped because of the pain.
    pub skipped: bool,
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
        next_paused: flare.next.and_then(|(week, day)| {
            let week = saved.plan.weeks.iter().find(|w| w.number == week)?;
            let day = week.days.get(usize::from(day.saturating_sub(1)))?;
            week.session_on(day)?
                .paused
                .as_ref()
                .map(|p| p.name.clone())
        }),
        skipped: flare.skipped,
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

/// What is logged for a session, in words: done or not and the pain after
/// it (as before the three answers existed), then each answer given.
pub(in crate::web::pages) fn logged_text(entry: &LogEntry) -> String {
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
/// in place with the person's values; `logged` the session whose log just
/// landed, which says so.
pub(super) fn routine_page(
    state: &AppState,
    content: &Content,
    saved: &Saved,
    failed: Option<(&LogForm, &[FieldError])>,
    logged: Option<(u8, u8)>,
    link_base: &str,
) -> Result<RoutinePage, AppError> {
    let today = saved.today;
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
    let failed_slot = failed.and_then(|(form, _)| parse_slot(&form.week, &form.day, &keys).ok());
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
            when: schedule::long_date(schedule::date_of(saved.start, slot.week, slot.day)),
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
        // A form sent for it anyway is shown again with what was typed.
        let later = saved.not_yet((slot.week, slot.day)).is_some()
            && failed_slot != Some((slot.week, slot.day));
        let session = LogSession {
            later,
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
            saved: entry
                .filter(|_| failed.is_none() && logged == Some((slot.week, slot.day)))
                .map(|entry| {
                    format!(
                        "Saved: {}, week {} — {}.",
                        slot.weekday,
                        slot.week,
                        logged_text(entry)
                    )
                }),
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
                .unwrap_or_else(|| format!("w{}-d{}", form.week.trim(), form.day.trim()));
            errors
                .iter()
                .map(|e| SummaryLink {
                    href: match e.field {
                        "session" => "#log-title".to_owned(),
                        "date" => format!("#log-{key}"),
                        field => format!("#{field}-{key}"),
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
        layout: Layout::new(
            state,
            content,
            title,
            "Your private Backcare routine and progress log.",
            "",
            Nav::Routine,
        )
        .noindex()
        .signs_on_page(),
        link: format!("{link_base}{base}"),
        started: saved.start.format("%-d %B %Y").to_string(),
        week_now,
        weeks_total,
        weeks_shown,
        progress: {
            let mut progress = progress::summarise(&saved.logs, &keys, counted_to, saved.start);
            progress.mark_adjusted(&saved.logs, &keys, &saved.adaptation.adjusted);
            progress
        },
        log_weeks,
        errors,
        summary: saved.answers.summary(),
        weeks: {
            let mut weeks = shown_weeks(state, content, &saved.plan);
            for (week, adapted) in weeks.iter_mut().zip(&saved.adaptation.weeks) {
                week.reason = adapted.reasons();
            }
            // The week the person is in shows in full (week 1 always does).
            for week in &mut weeks {
                week.open = week.number == week_now;
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
        script_url: state.assets.url(PLAN_JS),
        kept: kept_text(state.config.storage.keep_days),
    })
}

/// `GET /r/{token}`: the saved plan, where the person is in it, the log
/// forms, and the progress chart.
///
/// The page is kept in memory (never in the browser) until the routine
/// changes or the day does: its key holds the token's hash, today's date
/// and the routine's version, which every write moves on.
/// Where the private link shown on the page starts ([`crate::Config::visitor_base`]).
pub(super) fn visitor_base(state: &AppState, req: &HttpRequest) -> String {
    let host = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    state.config.visitor_base(host)
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    now: Now,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let owner = Token::parse(&token).ok_or_else(no_such_routine)?.hash();
    // Read the version before the database, so a write that lands in
    // between is never hidden behind this page.
    let version = state.pages.private_version(&owner);
    let today = now.today();
    let logged = just_saved(req.query_string());
    let link_base = visitor_base(&state, &req);
    let mut key = format!(
        "r:{}:{today}:{version}:{link_base}",
        crate::hex::encode(&owner)
    );
    if let Some((week, day)) = logged {
        key.push_str(&format!(":w{week}-d{day}"));
    }
    let content = state.content.current();
    let page = async {
        let saved = load(&state, &token, now).await?;
        render(&routine_page(
            &state, &content, &saved, None, logged, &link_base,
        )?)
    };
    state
        .pages
        .cached(&req, &content, Shelf::Private, key, page)
        .await
}
