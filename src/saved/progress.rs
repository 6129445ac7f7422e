//! What the progress log says: a plain-language summary, warnings, and the
//! geometry of the two charts (pain over time; sessions done per week).
//!
//! All numbers for the SVG are computed here so the template only draws.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::schedule::date_of;

/// One logged session, keyed by its slot: plan week and weekday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// Plan week, 1-based.
    pub week: u8,
    /// Weekday of the session, 1 = Monday … 7 = Sunday (the plan's own
    /// order, as in [`super::schedule::Slot::day`]). The public names are
    /// older: it is stored in the column `session_logs.session`, posted as
    /// the form field `session`, and is the `{day}` of
    /// `/r/{token}/session/{week}/{day}`.
    pub day: u8,
    pub done: bool,
    /// Pain after the session, 0–10, when the person gave it.
    pub pain: Option<u8>,
    /// Pain during the session, 0–10, when given.
    pub pain_during: Option<u8>,
    /// How hard it felt, when given.
    pub effort: Option<super::Effort>,
    /// The back this morning compared with before the last session, when
    /// given.
    pub morning: Option<super::Morning>,
    pub note: String,
    pub logged_at: NaiveDateTime,
}

/// Pain at or above this is called out, whatever the trend.
pub const HIGH_PAIN: u8 = 8;

/// A point on the pain chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PainPoint {
    pub x: f32,
    pub y: f32,
    pub pain: u8,
    pub label: String,
}

/// One week's bars: planned (outline) and done (filled).
#[derive(Debug, Clone, PartialEq)]
pub struct WeekBar {
    pub week: u8,
    pub planned: u32,
    pub done: u32,
    pub x: f32,
    pub width: f32,
    pub planned_y: f32,
    pub planned_height: f32,
    pub done_y: f32,
    pub done_height: f32,
    /// Under the bar: "Week 3", or just "3" when the weeks are too narrow
    /// for the word at a size a phone can show.
    pub label: String,
    /// Baseline of the "done/planned" count above the bar.
    pub tally_y: f32,
}

/// A labelled position on a chart axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub label: String,
    /// x or y, depending on the axis.
    pub at: f32,
}

/// Everything the progress section shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// One or two sentences for everyone, including screen-reader users.
    pub summary: String,
    /// Plain warnings: rising pain, or a very painful session.
    pub warnings: Vec<String>,
    pub pain_points: Vec<PainPoint>,
    /// `points` attribute for the pain polyline.
    pub pain_line: String,
    /// Pain during each session, where given, and its polyline.
    pub during_points: Vec<PainPoint>,
    pub during_line: String,
    /// Sessions after which the plan was adjusted (amber or red), placed at
    /// their highest pain; filled in by [`Progress::mark_adjusted`].
    pub adjusted: Vec<PainPoint>,
    pub bars: Vec<WeekBar>,
    /// Horizontal grid lines of the pain chart (0, 2, … 10).
    pub pain_ticks: Vec<Tick>,
    /// Where each week starts on the pain chart's x axis.
    pub week_marks: Vec<Tick>,
    pub sessions_done: u32,
    pub sessions_planned: u32,
}

// Chart geometry (SVG user units); both charts share the same frame.
pub const CHART_WIDTH: f32 = 600.0;
pub const CHART_HEIGHT: f32 = 240.0;
const LEFT: f32 = 44.0;
const RIGHT: f32 = 12.0;
/// Room above the plot for the sessions chart's counts over each bar.
const TOP: f32 = 36.0;
const BOTTOM: f32 = 32.0;
const PLOT_W: f32 = CHART_WIDTH - LEFT - RIGHT;
const PLOT_H: f32 = CHART_HEIGHT - TOP - BOTTOM;

/// Rounds to one decimal so the SVG text is short and stable.
fn r1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

/// y coordinate of a pain score on the pain chart.
pub fn pain_y(pain: u8) -> f32 {
    r1(TOP + (10.0 - f32::from(pain.min(10))) * PLOT_H / 10.0)
}

impl Progress {
    /// Marks the sessions after which the plan was adjusted (`sessions`:
    /// week and weekday), each at the higher of its pains.
    pub fn mark_adjusted(
        &mut self,
        entries: &[LogEntry],
        planned: &[(u8, u8)],
        sessions: &[(u8, u8)],
    ) {
        let slots = planned.len().max(1) as f32;
        self.adjusted = sessions
            .iter()
            .filter_map(|&(week, day)| {
                let i = planned.iter().position(|&p| p == (week, day))?;
                let entry = entries.iter().find(|e| e.week == week && e.day == day)?;
                let pain = entry.pain.max(entry.pain_during).unwrap_or(0);
                Some(PainPoint {
                    x: r1(LEFT + (i as f32 + 0.5) * PLOT_W / slots),
                    y: pain_y(pain),
                    pain,
                    label: format!(
                        "Week {week}, session {day}: the plan was adjusted after this session"
                    ),
                })
            })
            .collect();
    }
}

/// Builds the progress view.
///
/// `planned` lists every planned session as `(week, day)` in plan order;
/// `current_week` is where the person is now (1-based; sessions of later
/// weeks are not counted as missed).
pub fn summarise(
    entries: &[LogEntry],
    planned: &[(u8, u8)],
    current_week: u8,
    start: NaiveDate,
) -> Progress {
    let position = |week: u8, day: u8| planned.iter().position(|&p| p == (week, day));
    let mut with_pain: Vec<(usize, &LogEntry)> = entries
        .iter()
        .filter(|e| e.pain.is_some())
        .filter_map(|e| position(e.week, e.day).map(|i| (i, e)))
        .collect();
    with_pain.sort_by_key(|(i, _)| *i);

    let slots = planned.len().max(1) as f32;
    let pain_points: Vec<PainPoint> = with_pain
        .iter()
        .filter_map(|(i, e)| {
            let pain = e.pain?;
            Some(PainPoint {
                x: r1(LEFT + (*i as f32 + 0.5) * PLOT_W / slots),
                y: pain_y(pain),
                pain,
                label: format!("Week {}, session {}: pain {pain} out of 10", e.week, e.day),
            })
        })
        .collect();
    let pain_line = pain_points
        .iter()
        .map(|p| format!("{},{}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let mut during: Vec<(usize, &LogEntry)> = entries
        .iter()
        .filter(|e| e.pain_during.is_some())
        .filter_map(|e| position(e.week, e.day).map(|i| (i, e)))
        .collect();
    during.sort_by_key(|(i, _)| *i);
    let during_points: Vec<PainPoint> = during
        .iter()
        .filter_map(|(i, e)| {
            let pain = e.pain_during?;
            Some(PainPoint {
                x: r1(LEFT + (*i as f32 + 0.5) * PLOT_W / slots),
                y: pain_y(pain),
                pain,
                label: format!(
                    "Week {}, session {}: pain {pain} out of 10 during the session",
                    e.week, e.day
                ),
            })
        })
        .collect();
    let during_line = during_points
        .iter()
        .map(|p| format!("{},{}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");

    let mut planned_per_week: BTreeMap<u8, u32> = BTreeMap::new();
    for &(week, _) in planned {
        *planned_per_week.entry(week).or_default() += 1;
    }
    let mut done_per_week: BTreeMap<u8, u32> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.done) {
        *done_per_week.entry(e.week).or_default() += 1;
    }
    let weeks = planned_per_week.len().max(1) as f32;
    let most = planned_per_week.values().copied().max().unwrap_or(1).max(1) as f32;
    let group = PLOT_W / weeks;
    let bars = planned_per_week
        .iter()
        .enumerate()
        .map(|(i, (&week, &planned))| {
            let done = done_per_week.get(&week).copied().unwrap_or(0);
            let planned_height = r1(PLOT_H * planned as f32 / most);
            let done_height = r1(PLOT_H * done.min(planned) as f32 / most);
            WeekBar {
                week,
                planned,
                done,
                label: week_label(week, group),
                tally_y: r1(TOP + PLOT_H - planned_height - 8.0),
                x: r1(LEFT + i as f32 * group + group * 0.2),
                width: r1(group * 0.6),
                planned_y: r1(TOP + PLOT_H - planned_height),
                planned_height,
                done_y: r1(TOP + PLOT_H - done_height),
                done_height,
            }
        })
        .collect();

    let pain_ticks = (0..=10u8)
        .step_by(2)
        .map(|v| Tick {
            label: v.to_string(),
            at: pain_y(v),
        })
        .collect();
    let mut week_marks: Vec<Tick> = Vec::new();
    for (i, &(week, _)) in planned.iter().enumerate() {
        if i == 0 || planned[i - 1].0 != week {
            week_marks.push(Tick {
                label: week_label(week, PLOT_W / weeks),
                at: r1(LEFT + i as f32 * PLOT_W / slots),
            });
        }
    }

    let sessions_done = entries.iter().filter(|e| e.done).count() as u32;
    let sessions_planned = planned_per_week
        .iter()
        .filter(|(week, _)| **week <= current_week)
        .map(|(_, n)| n)
        .sum();

    Progress {
        summary: summary_text(
            &with_pain,
            start,
            sessions_done,
            sessions_planned,
            entries.is_empty(),
        ),
        warnings: warnings(entries),
        during_points,
        during_line,
        adjusted: Vec::new(),
        pain_points,
        pain_line,
        bars,
        pain_ticks,
        week_marks,
        sessions_done,
        sessions_planned,
    }
}

/// Chart text size in SVG units (`.chart-label` in app.css): the charts are
/// drawn 600 units wide, and on a 390 px phone they are about 330 px wide,
/// so 24 units show at about 13 px.
const LABEL_SIZE: f32 = 24.0;

/// "Week 3" when a week is wide enough on the chart for it (about 4 label
/// widths of room), else "3" (the chart's caption says these are weeks).
fn week_label(week: u8, room: f32) -> String {
    if room >= 4.5 * LABEL_SIZE {
        format!("Week {week}")
    } else {
        week.to_string()
    }
}

/// The time between two sessions, as a person would say it: "the same
/// day", "over 2 days", "over 3 weeks" (whole weeks from 14 days on).
fn span_phrase(start: NaiveDate, first: &LogEntry, last: &LogEntry) -> String {
    // `first` and `last` come in date order (the page sorts sessions by
    // date); the distance does not depend on it.
    let days = (date_of(start, last.week, last.day) - date_of(start, first.week, first.day))
        .num_days()
        .abs();
    match days {
        0 => "the same day".to_owned(),
        1 => "over 1 day".to_owned(),
        2..=13 => format!("over {days} days"),
        _ => format!("over {} weeks", days / 7),
    }
}

fn summary_text(
    with_pain: &[(usize, &LogEntry)],
    start: NaiveDate,
    done: u32,
    planned: u32,
    nothing_logged: bool,
) -> String {
    if nothing_logged {
        return "Nothing logged yet. After each session, note how it went below, and your progress will show here.".to_owned();
    }
    let sessions = format!("{done} of {planned} planned sessions done so far.");
    let pain = match (with_pain.first(), with_pain.last()) {
        (Some((_, first)), Some((_, last))) if with_pain.len() > 1 => {
            let (from, to) = (first.pain.unwrap_or(0), last.pain.unwrap_or(0));
            let span = span_phrase(start, first, last);
            if to < from {
                format!("Pain fell from {from} to {to} {span}; ")
            } else if to > from {
                format!("Pain rose from {from} to {to} {span}; ")
            } else {
                format!("Pain stayed at {from} {span}; ")
            }
        }
        (Some((_, only)), _) => format!(
            "Pain after your logged session: {} out of 10; ",
            only.pain.unwrap_or(0)
        ),
        _ => String::new(),
    };
    if pain.is_empty() {
        sessions
    } else {
        format!("{pain}{}", lower_first(&sessions))
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Weekly average pain, for weeks with at least one score.
fn weekly_pain(entries: &[LogEntry]) -> BTreeMap<u8, f32> {
    let mut sums: BTreeMap<u8, (u32, u32)> = BTreeMap::new();
    for e in entries {
        if let Some(p) = e.pain {
            let s = sums.entry(e.week).or_default();
            s.0 += u32::from(p);
            s.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(w, (sum, n))| (w, sum as f32 / n as f32))
        .collect()
}

/// True when average pain went up two weeks running (three consecutive
/// weeks, each higher than the one before).
pub fn rising_two_weeks(entries: &[LogEntry]) -> bool {
    let weekly: Vec<(u8, f32)> = weekly_pain(entries).into_iter().collect();
    weekly
        .windows(3)
        .any(|w| w[1].0 == w[0].0 + 1 && w[2].0 == w[1].0 + 1 && w[0].1 < w[1].1 && w[1].1 < w[2].1)
}

fn warnings(entries: &[LogEntry]) -> Vec<String> {
    let mut out = Vec::new();
    if rising_two_weeks(entries) {
        out.push("Your pain has gone up two weeks in a row. Ease off: go back to the amounts that felt fine, and talk to a GP or physiotherapist if it keeps rising.".to_owned());
    }
    if let Some(high) = entries
        .iter()
        .filter_map(|e| e.pain)
        .filter(|p| *p >= HIGH_PAIN)
        .max()
    {
        out.push(format!("You logged pain of {high} out of 10. That is well above the 5 out of 10 the plan allows: go back to amounts that felt fine, leave out the exercises that hurt, and talk to a GP or physiotherapist if it does not settle within a few days. If it came with any of the signs below, get help at once."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(18, 0, 0))
            .unwrap()
    }

    fn entry(week: u8, day: u8, done: bool, pain: Option<u8>) -> LogEntry {
        LogEntry {
            week,
            day,
            done,
            pain,
            pain_during: None,
            effort: None,
            morning: None,
            note: String::new(),
            logged_at: at(1 + u32::from(week) * 7 + u32::from(day)),
        }
    }

    /// Four weeks of four sessions.
    /// A Monday, so weekday 1 of week 1 is the first day.
    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
    }

    fn plan() -> Vec<(u8, u8)> {
        (1..=4).flat_map(|w| (1..=4).map(move |d| (w, d))).collect()
    }

    #[test]
    fn summary_reads_like_the_example() {
        let mut entries = Vec::new();
        // 9 done over 3 weeks, pain 6 → 3.
        let pains = [6, 6, 5, 5, 4, 4, 4, 3, 3];
        let slots = [
            (1, 1),
            (1, 2),
            (1, 3),
            (2, 1),
            (2, 2),
            (2, 3),
            (3, 1),
            (3, 2),
            (3, 3),
        ];
        for ((w, d), p) in slots.into_iter().zip(pains) {
            entries.push(entry(w, d, true, Some(p)));
        }
        let progress = summarise(&entries, &plan(), 3, monday());
        assert_eq!(
            progress.summary,
            "Pain fell from 6 to 3 over 2 weeks; 9 of 12 planned sessions done so far."
        );
        assert!(progress.warnings.is_empty());
        assert_eq!(progress.pain_points.len(), 9);
        assert_eq!(progress.bars.len(), 4);
        assert_eq!(progress.bars[0].done, 3);
        assert_eq!(progress.bars[3].done, 0);
        assert_eq!(progress.pain_ticks.len(), 6);
        assert_eq!(progress.week_marks.len(), 4);
        assert_eq!(progress.week_marks[0].label, "Week 1");
    }

    #[test]
    fn nothing_logged_says_so() {
        let progress = summarise(&[], &plan(), 1, monday());
        assert!(progress.summary.starts_with("Nothing logged yet"));
        assert!(progress.pain_line.is_empty());
    }

    #[test]
    fn rising_pain_over_two_weeks_warns() {
        let entries = vec![
            entry(1, 1, true, Some(3)),
            entry(2, 1, true, Some(4)),
            entry(3, 1, true, Some(5)),
        ];
        assert!(rising_two_weeks(&entries));
        let progress = summarise(&entries, &plan(), 3, monday());
        assert!(progress.warnings[0].contains("gone up two weeks in a row"));
        assert!(
            progress
                .summary
                .starts_with("Pain rose from 3 to 5 over 2 weeks")
        );
    }

    #[test]
    fn two_sessions_two_days_apart_are_not_called_a_week() {
        let entries = vec![entry(1, 1, true, Some(5)), entry(1, 3, true, Some(3))];
        let progress = summarise(&entries, &plan(), 1, monday());
        assert!(
            progress
                .summary
                .starts_with("Pain fell from 5 to 3 over 2 days"),
            "{}",
            progress.summary
        );
        let same_day = vec![entry(1, 1, true, Some(4)), entry(1, 1, true, Some(4))];
        assert!(
            summarise(&same_day, &plan(), 1, monday())
                .summary
                .starts_with("Pain stayed at 4 the same day")
        );
    }

    #[test]
    fn one_rise_or_a_gap_is_not_a_trend() {
        let one_rise = vec![entry(1, 1, true, Some(3)), entry(2, 1, true, Some(5))];
        assert!(!rising_two_weeks(&one_rise));
        let gap = vec![
            entry(1, 1, true, Some(3)),
            entry(2, 1, true, Some(4)),
            entry(4, 1, true, Some(5)),
        ];
        assert!(!rising_two_weeks(&gap));
        let flat = vec![
            entry(1, 1, true, Some(4)),
            entry(2, 1, true, Some(4)),
            entry(3, 1, true, Some(5)),
        ];
        assert!(!rising_two_weeks(&flat));
    }

    #[test]
    fn high_pain_warns_even_without_a_trend() {
        let entries = vec![entry(1, 1, true, Some(8))];
        let progress = summarise(&entries, &plan(), 1, monday());
        assert_eq!(progress.warnings.len(), 1);
        assert!(progress.warnings[0].contains("pain of 8 out of 10"));
        let entries = vec![entry(1, 1, true, Some(7))];
        assert!(
            summarise(&entries, &plan(), 1, monday())
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn chart_geometry_maps_pain_to_height() {
        assert_eq!(pain_y(10), TOP);
        assert_eq!(pain_y(0), TOP + PLOT_H);
        let entries = vec![entry(1, 1, true, Some(10)), entry(1, 2, false, Some(0))];
        let progress = summarise(&entries, &plan(), 1, monday());
        assert_eq!(progress.pain_points[0].y, TOP);
        assert!(progress.pain_points[0].x < progress.pain_points[1].x);
        assert_eq!(progress.pain_line.split(' ').count(), 2);
        assert_eq!(progress.sessions_done, 1);
        assert_eq!(progress.sessions_planned, 4);
    }
}
