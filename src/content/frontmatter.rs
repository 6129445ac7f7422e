//! Guide front matter: TOML between two `+++` lines at the top of the file.
//!
//! Parsing is strict so that typos are caught when the site starts: unknown
//! keys, a summary too long for a meta description, a date with a time, an
//! unknown sidebar context. Every problem carries the line it is on.

use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::ContentProblem;
use super::source::{from_toml, is_slug, line_of};
use crate::supports::UseContext;

/// Longest summary, in characters: search engines cut meta descriptions there.
pub const SUMMARY_MAX: usize = 160;

/// A guide's metadata, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    pub date: NaiveDate,
    pub updated: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub support_contexts: Vec<String>,
    pub draft: bool,
    pub sources: Vec<Source>,
}

/// Public guidance a guide rests on, listed under "Sources".
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Spanned<String>,
    summary: Spanned<String>,
    date: Spanned<Datetime>,
    updated: Option<Spanned<Datetime>>,
    reviewed: Option<Spanned<Datetime>>,
    next_review: Option<Spanned<Datetime>>,
    tags: Option<Spanned<Vec<String>>>,
    support_contexts: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    sources: Vec<Spanned<Source>>,
}

/// A file cut into its front matter and Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// 1-based line of the file where `front` starts.
    pub front_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// Cuts `text` at its `+++` fences. The error names the line to fix.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err((
            1,
            "a guide must start with a line `+++`, then its TOML front matter, then another `+++`"
                .to_owned(),
        ));
    }
    let front_start = first.len();
    let mut offset = front_start;
    for (line, current) in (2..).zip(lines) {
        if current.trim_end() == "+++" {
            return Ok(Split {
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[offset + current.len()..],
                body_line: line + 1,
            });
        }
        offset += current.len();
    }
    Err((1, "the front matter has no closing `+++` line".to_owned()))
}

/// Parses and checks front matter. `front_line` is the file line where the
/// TOML starts, so reported lines match the file.
pub fn parse(
    front: &str,
    front_line: usize,
    file: &str,
) -> Result<FrontMatter, Vec<ContentProblem>> {
    let at = |span: Range<usize>| Some(line_of(front, span.start) + front_line - 1);
    let problem = |line: Option<usize>, message: String| ContentProblem {
        file: file.to_owned(),
        line,
        message,
    };
    let raw: Raw = from_toml(front, file).map_err(|found| {
        vec![problem(
            found.line.map(|line| line + front_line - 1),
            format!("front matter: {}", found.message),
        )]
    })?;

    let mut problems = Vec::new();
    let mut date_field = |name: &str, value: &Spanned<Datetime>| -> Option<NaiveDate> {
        match to_date(value.get_ref()) {
            Some(date) => Some(date),
            None => {
                problems.push(problem(
                    at(value.span()),
                    format!(
                        "`{name}` must be a date written like 2026-10-28 (no quotes, no time), found {}",
                        value.get_ref()
                    ),
                ));
                None
            }
        }
    };
    let date = date_field("date", &raw.date);
    let updated = raw.updated.as_ref().and_then(|d| date_field("updated", d));
    let reviewed = raw
        .reviewed
        .as_ref()
        .and_then(|d| date_field("reviewed", d));
    let next_review = raw
        .next_review
        .as_ref()
        .and_then(|d| date_field("next_review", d));

    let title = raw.title.get_ref().trim().to_owned();
    if title.is_empty() {
        problems.push(problem(
            at(raw.title.span()),
            "`title` must not be empty".to_owned(),
        ));
    }
    let summary = raw.summary.get_ref().trim().to_owned();
    let summary_len = summary.chars().count();
    if summary.is_empty() {
        problems.push(problem(
            at(raw.summary.span()),
            "`summary` must not be empty".to_owned(),
        ));
    } else if summary_len > SUMMARY_MAX {
        problems.push(problem(
            at(raw.summary.span()),
            format!("`summary` is {summary_len} characters; keep it to {SUMMARY_MAX} or fewer (it is the page's description in search results)"),
        ));
    }

    if let (Some(date), Some(updated)) = (date, updated)
        && updated < date
    {
        problems.push(problem(
            raw.updated.as_ref().and_then(|u| at(u.span())),
            format!("`updated` ({updated}) is before `date` ({date})"),
        ));
    }
    if let (Some(reviewed), Some(next)) = (reviewed, next_review)
        && next <= reviewed
    {
        problems.push(problem(
            raw.next_review.as_ref().and_then(|n| at(n.span())),
            format!("`next_review` ({next}) must be after `reviewed` ({reviewed})"),
        ));
    }

    let no_list = Vec::new();
    let (tags_line, raw_tags) = match &raw.tags {
        Some(list) => (at(list.span()), list.get_ref()),
        None => (None, &no_list),
    };
    let mut tags: Vec<String> = Vec::new();
    for tag in raw_tags {
        if !is_slug(tag) {
            problems.push(problem(
                tags_line,
                format!("tag {tag:?} must be lowercase letters, digits and single hyphens, like \"daily-life\""),
            ));
        } else if tags.contains(tag) {
            problems.push(problem(tags_line, format!("tag {tag:?} is listed twice")));
        } else {
            tags.push(tag.clone());
        }
    }

    let (contexts_line, raw_contexts) = match &raw.support_contexts {
        Some(list) => (at(list.span()), list.get_ref()),
        None => (None, &no_list),
    };
    let mut support_contexts: Vec<String> = Vec::new();
    // Where the lumbar-support sidebar may be aimed: the supports module's
    // one list of places.
    for context in raw_contexts {
        if UseContext::from_slug(context).is_none() {
            problems.push(problem(
                contexts_line,
                format!(
                    "support context {context:?} is not one of: {}",
                    UseContext::names()
                ),
            ));
        } else if !support_contexts.contains(context) {
            support_contexts.push(context.clone());
        }
    }

    let mut sources = Vec::new();
    for source in &raw.sources {
        let line = at(source.span());
        let source = source.get_ref();
        if source.title.trim().is_empty() {
            problems.push(problem(line, "a source needs a `title`".to_owned()));
        }
        let url = source.url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if !rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
            problems.push(problem(
                line,
                format!("source url {url:?} must be a full https:// address"),
            ));
        }
        sources.push(Source {
            title: source.title.trim().to_owned(),
            url: url.to_owned(),
        });
    }

    match date {
        Some(date) if problems.is_empty() => Ok(FrontMatter {
            title,
            summary,
            date,
            updated,
            reviewed,
            next_review,
            tags,
            support_contexts,
            draft: raw.draft,
            sources,
        }),
        _ => Err(problems),
    }
}

/// A TOML date without time or offset, as a calendar date.
fn to_date(value: &Datetime) -> Option<NaiveDate> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"+++
title = "Core stability at home"
summary = "Short and clear."
date = 2026-10-28
updated = 2026-11-20
reviewed = 2026-11-20
next_review = 2027-05-20
tags = ["core", "exercise"]
support_contexts = ["office-chair"]
draft = false
[[sources]]
title = "NICE guideline NG59"
url = "https://www.nice.org.uk/guidance/ng59"
+++
Body starts here.
"#;

    fn parse_file(text: &str) -> Result<FrontMatter, Vec<ContentProblem>> {
        let split = split(text).map_err(|(line, message)| {
            vec![ContentProblem {
                file: "g.md".into(),
                line: Some(line),
                message,
            }]
        })?;
        parse(split.front, split.front_line, "g.md")
    }

    fn only_problem(text: &str) -> ContentProblem {
        let mut problems = parse_file(text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems.remove(0)
    }

    #[test]
    fn good_front_matter_parses_and_body_line_is_known() {
        let s = split(GOOD).unwrap();
        assert_eq!(s.body, "Body starts here.\n");
        assert_eq!(s.body_line, 15);
        let fm = parse(s.front, s.front_line, "g.md").unwrap();
        assert_eq!(fm.title, "Core stability at home");
        assert_eq!(fm.date, NaiveDate::from_ymd_opt(2026, 10, 28).unwrap());
        assert_eq!(fm.next_review, NaiveDate::from_ymd_opt(2027, 5, 20));
        assert_eq!(fm.tags, ["core", "exercise"]);
        assert_eq!(fm.support_contexts, ["office-chair"]);
        assert_eq!(fm.sources.len(), 1);
        assert!(!fm.draft);
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let s = split(&text).unwrap();
        assert!(parse(s.front, s.front_line, "g.md").is_ok());
    }

    #[test]
    fn missing_fences_are_reported_on_line_one() {
        assert_eq!(split("title = \"x\"\n").unwrap_err().0, 1);
        let err = split("+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.1.contains("no closing"), "{}", err.1);
    }

    #[test]
    fn unknown_key_names_the_key_and_its_file_line() {
        let text = GOOD.replace("draft = false", "drafts = false");
        let problem = only_problem(&text);
        assert_eq!(problem.line, Some(10));
        assert!(problem.message.contains("drafts"), "{}", problem.message);
    }

    #[test]
    fn long_summary_is_refused_on_its_line() {
        let text = GOOD.replace("Short and clear.", &"word ".repeat(40));
        let problem = only_problem(&text);
        assert_eq!(problem.line, Some(3));
        assert!(problem.message.contains("160"), "{}", problem.message);
    }

    #[test]
    fn dates_must_be_plain_dates() {
        let problem =
            only_problem(&GOOD.replace("date = 2026-10-28", "date = 2026-10-28T10:00:00"));
        assert_eq!(problem.line, Some(4));
        let problem = only_problem(&GOOD.replace("date = 2026-10-28", "date = \"2026-10-28\""));
        assert_eq!(problem.line, Some(4));
        let problem = only_problem(&GOOD.replace("updated = 2026-11-20", "updated = 2026-01-01"));
        assert_eq!(problem.line, Some(5));
        let problem =
            only_problem(&GOOD.replace("next_review = 2027-05-20", "next_review = 2026-11-01"));
        assert_eq!(problem.line, Some(7));
    }

    #[test]
    fn bad_tags_contexts_and_sources_are_each_reported() {
        let text = GOOD
            .replace("\"core\", \"exercise\"", "\"Core\", \"exercise\"")
            .replace("\"office-chair\"", "\"desk\"")
            .replace("https://www.nice.org.uk/guidance/ng59", "www.nice.org.uk");
        let problems = parse_file(&text).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(8), Some(9), Some(11)], "{problems:?}");
    }

    #[test]
    fn support_contexts_are_the_places_the_supports_module_knows() {
        for context in UseContext::ALL {
            let text = GOOD.replace("\"office-chair\"", &format!("\"{}\"", context.slug()));
            let fm = parse_file(&text).unwrap();
            assert_eq!(fm.support_contexts, [context.slug()]);
        }
        let problem = only_problem(&GOOD.replace("\"office-chair\"", "\"desk\""));
        assert!(
            problem.message.contains(&UseContext::names()),
            "{}",
            problem.message
        );
    }

    #[test]
    fn missing_required_key_is_an_error() {
        let problem = only_problem(&GOOD.replace("summary = \"Short and clear.\"\n", ""));
        assert!(problem.message.contains("summary"), "{}", problem.message);
    }
}
