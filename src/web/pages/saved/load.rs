//! A saved routine read back: its row, its answers, and the saved plan
//! adapted to the log (weeks 5 to 12 built as the person reaches them).

use std::time::Duration;

use chrono::NaiveDate;

use crate::content::Content;
use crate::error::AppError;
use crate::routine::planner::{Plan, plan_at_settings, planned_steps};
use crate::routine::{Answers, Outcome};
use crate::saved::adapt::{self, Adaptation};
use crate::saved::schedule;
use crate::saved::{LogEntry, Token};
use crate::web::AppState;
use crate::web::clock::Now;

/// A saved routine read back: its row, answers, the plan as it stands now
/// (the snapshot adapted to the log) and the log.
pub(in crate::web::pages) struct Saved {
    pub(in crate::web::pages) token: Token,
    pub(super) id: i64,
    pub(in crate::web::pages) start: NaiveDate,
    /// How many weeks the routine runs; `plan` holds the ones shown so far.
    pub(super) weeks_total: u8,
    pub(super) answers: Answers,
    /// The plan as it stands: the saved snapshot, with the weeks the log
    /// has changed rebuilt by the planner.
    pub(in crate::web::pages) plan: Plan,
    /// What the log did to the plan, week by week, and the flare-up state.
    pub(super) adaptation: Adaptation,
    pub(in crate::web::pages) logs: Vec<LogEntry>,
    /// The day (UTC) it was read on: the routine's dates are seen from it.
    pub(in crate::web::pages) today: NaiveDate,
    /// Which of its sessions can be logged today.
    loggable: schedule::Loggable,
}

impl Saved {
    /// When session `slot` cannot be logged yet, its date
    /// ([`schedule::Loggable`]). A session already logged can always be
    /// corrected: a next session logged early, or an entry from before
    /// the rule.
    pub(in crate::web::pages) fn not_yet(&self, slot: (u8, u8)) -> Option<NaiveDate> {
        if self.logs.iter().any(|e| (e.week, e.day) == slot) {
            return None;
        }
        self.loggable.not_yet(slot)
    }
}

/// How many weeks of the routine a person sees when they have reached
/// week `at` (the later of the week they are in and the latest week they
/// have logged): weeks 1 to 4, then 5 to 8 from week 4, then 9 to 12 from
/// week 8, so the page is never longer than it needs to be.
fn weeks_shown(at: u8) -> u8 {
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
    let (harder, easier) = content
        .tiers
        .get(answers, &content.exercises, &content.signs);
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
    // A week held back does not say "add a little".
    for (week, adapted) in plan.weeks.iter_mut().zip(&adaptation.weeks) {
        if adapted.held {
            week.focus = "Stay at these amounts for now (the note above says why). They build up again once a session feels fine.".to_owned();
        }
    }
    (plan, adaptation)
}

pub(super) fn no_such_routine() -> AppError {
    AppError::NotFound(
        "There is no saved routine at this link. It may have been erased, or part of the link may be missing."
            .to_owned(),
    )
}

/// How long a page waits for its visit to be recorded before it is served
/// anyway (the write still lands when the writer gets to it).
const VISIT_WAIT: Duration = Duration::from_secs(2);

/// Records that the owner opened (or is writing to) routine `id` today, so
/// the retention sweep (`--keep-days`) keeps it: a write only when the
/// stored day is earlier, so at most once a day per routine, through the
/// writer like every write. Recorded even with `--keep-days 0`, so turning
/// retention on later counts visits made before. Never fails the page: a
/// failure (a read-only disk, a busy writer) is logged and the page served.
async fn note_visit(state: &AppState, id: i64, last_visit: Option<NaiveDate>, today: NaiveDate) {
    if last_visit.is_some_and(|day| day >= today) {
        return;
    }
    let touch = state.store.touch(id, today);
    match actix_web::rt::time::timeout(VISIT_WAIT, touch).await {
        Ok(Ok(_)) => {}
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "could not record a visit to a saved routine; served it anyway");
        }
        Err(elapsed) => {
            tracing::warn!(waited = %elapsed, "recording a visit to a saved routine took too long; served it anyway");
        }
    }
}

/// The routine at the private link `raw`, as it stands at `now`.
pub(in crate::web::pages) async fn load(
    state: &AppState,
    raw: &str,
    now: Now,
) -> Result<Saved, AppError> {
    let token = Token::parse(raw).ok_or_else(no_such_routine)?;
    let hash = token.hash();
    let found = state.store.find(hash.to_vec()).await?;
    let (row, logs) = found.ok_or_else(no_such_routine)?;
    note_visit(state, row.id, row.last_visit, now.today()).await;
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
    let reached = schedule::week_on(row.start_date, now.today())
        .max(logs.iter().map(|e| e.week).max().unwrap_or(1));
    let shown = weeks_shown(reached);
    let (plan, adaptation) = current_plan(
        plan,
        &answers,
        &content,
        &logs,
        row.start_date,
        now.time(),
        shown,
    );
    // All 12 weeks, unless the plan could not be rebuilt past the saved
    // weeks with today's content.
    let weeks_total = if plan.weeks.len() < usize::from(shown) {
        u8::try_from(plan.weeks.len()).unwrap_or(u8::MAX)
    } else {
        adapt::WEEKS
    };
    let loggable = schedule::Loggable::on(row.start_date, now.today(), &schedule::keys(&plan));
    Ok(Saved {
        loggable,
        token,
        id: row.id,
        start: row.start_date,
        weeks_total,
        answers,
        plan,
        adaptation,
        logs,
        today: now.today(),
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
