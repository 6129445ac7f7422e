//! Shortcodes: content that guides embed rather than write, so that it has
//! one source. Zola-style, alone on a line of its own:
//!
//! ```text
//! {{ warning_signs(level="emergency") }}
//! {{ warning_signs() }}
//! ```
//!
//! `warning_signs` lists the signs of one level of the warning-signs table
//! (`emergency`, `urgent`, `soon`) with what to do from `site.toml`
//! `[services]`, or all three levels when no level is given. A guide may
//! not describe a warning sign in its own words: [`stated_signs`] finds the
//! table's `terms` outside shortcode lines, and loading refuses the guide.

use aho_corasick::AhoCorasick;
use askama::Template;

use crate::content::site::Services;
use crate::routine::{Level, SignId, WarningSigns};

/// What shortcodes need to render, and the give-away words to refuse.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub signs: &'a WarningSigns,
    pub services: &'a Services,
    pub terms: &'a Terms,
}

/// Every sign's give-away words in one Aho-Corasick automaton, built once
/// per content load: each guide line is scanned once for all of them.
pub struct Terms {
    matcher: Option<AhoCorasick>,
    /// Pattern index → (term, sign id).
    terms: Vec<(String, &'static str)>,
}

impl Terms {
    pub fn new(signs: &WarningSigns) -> Terms {
        let terms: Vec<(String, &'static str)> = signs
            .terms()
            .map(|(term, sign)| (term.to_owned(), sign.id.as_str()))
            .collect();
        let matcher = AhoCorasick::new(terms.iter().map(|(t, _)| t.as_str())).ok();
        Terms { matcher, terms }
    }
}

/// One level of the warning-signs table, ready to show: the guides'
/// shortcode, the red-flag page, the footer and the plan page all draw it
/// with `templates/partials/sign_list.html`.
#[derive(Debug, Clone, Default, Template)]
#[template(path = "partials/sign_list.html")]
pub struct SignList {
    pub level: &'static str,
    /// "Call 999 or go to A&E if you have back pain with any of these:"
    pub intro: String,
    /// The service's action alone: "Call 999 or go to A&E".
    pub action: String,
    pub items: Vec<SignItem>,
    /// Show each sign's explanation under it.
    pub explain: bool,
    pub phone: Option<String>,
    pub link: String,
    pub link_text: String,
}

#[derive(Debug, Clone)]
pub struct SignItem {
    pub id: &'static str,
    pub label: String,
    pub explain: String,
}

impl SignList {
    /// The signs of `level`, all of them or only those in `only`.
    pub fn new(
        signs: &WarningSigns,
        services: &Services,
        level: Level,
        only: Option<&[SignId]>,
        explain: bool,
    ) -> SignList {
        let service = services.for_level(level);
        let intro = match level {
            Level::Emergency | Level::Urgent => {
                format!(
                    "{} if you have back pain with any of these:",
                    service.action
                )
            }
            Level::Soon => format!("{} if any of these is true for you:", service.action),
        };
        SignList {
            level: level.as_str(),
            intro,
            action: service.action.clone(),
            items: signs
                .at(level)
                .filter(|s| only.is_none_or(|ids| ids.contains(&s.id)))
                .map(|s| SignItem {
                    id: s.id.as_str(),
                    label: s.label.clone(),
                    explain: s.explain.clone(),
                })
                .collect(),
            explain,
            phone: service.phone.clone(),
            link: service.link.clone(),
            link_text: service.link_text.clone(),
        }
    }

    /// The list as HTML, for pages that show it inside their own template
    /// (`{{ list.html()?|safe }}`: the HTML is this crate's own template,
    /// with every value escaped).
    pub fn html(&self) -> askama::Result<String> {
        self.render()
    }

    /// The list as plain text (for search, word counts and readability).
    fn text(&self) -> String {
        let mut out = self.intro.clone();
        for item in &self.items {
            out.push('\n');
            out.push_str(&item.label);
        }
        out
    }
}

/// A shortcode found in a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortcode {
    /// `None`: every level, most urgent first.
    WarningSigns(Option<Level>),
}

/// A guide body with its shortcode lines replaced by placeholders.
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    pub markdown: String,
    pub found: Vec<Shortcode>,
    /// Problems with their line (1-based, within the body).
    pub problems: Vec<(usize, String)>,
}

/// The placeholder paragraph for shortcode `i`: plain letters and digits,
/// so Markdown leaves it alone.
fn placeholder(i: usize) -> String {
    format!("BACKCARESHORTCODE{i}X")
}

/// If `line` is a shortcode line, the shortcode (or what is wrong with it).
fn parse_line(line: &str) -> Option<Result<Shortcode, String>> {
    let inner = line
        .trim()
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim()
        .to_owned();
    let Some((name, rest)) = inner.split_once('(') else {
        return Some(Err(format!(
            "`{{{{ {inner} }}}}` needs parentheses, like {{{{ warning_signs() }}}}"
        )));
    };
    let Some(args) = rest.trim().strip_suffix(')') else {
        return Some(Err(format!("`{inner}`: missing `)`")));
    };
    let args = args.trim();
    Some(match name.trim() {
        "warning_signs" if args.is_empty() => Ok(Shortcode::WarningSigns(None)),
        "warning_signs" => {
            let level = args
                .strip_prefix("level")
                .map(str::trim_start)
                .and_then(|a| a.strip_prefix('='))
                .map(|a| a.trim().trim_matches('"'))
                .and_then(Level::parse);
            match level {
                Some(level) => Ok(Shortcode::WarningSigns(Some(level))),
                None => Err(format!(
                    "`warning_signs({args})`: use level=\"emergency\", level=\"urgent\", level=\"soon\", or nothing for all three"
                )),
            }
        }
        other => Err(format!(
            "unknown shortcode `{other}` (the one shortcode is warning_signs)"
        )),
    })
}

/// Replaces each shortcode line with a placeholder paragraph.
pub fn expand(body: &str) -> Expanded {
    let mut out = Expanded::default();
    let mut lines = Vec::new();
    for (i, line) in body.lines().enumerate() {
        match parse_line(line) {
            None => lines.push(line.to_owned()),
            Some(Ok(code)) => {
                // Same line, so line numbers stay right; it must be a
                // paragraph of its own, which `fill` checks.
                lines.push(placeholder(out.found.len()));
                out.found.push(code);
            }
            Some(Err(message)) => {
                out.problems.push((i + 1, message));
                lines.push(line.to_owned());
            }
        }
    }
    out.markdown = lines.join("\n");
    out
}

/// Renders the found shortcodes into the rendered guide: `html` and
/// `feed_html` get the lists, `text` their plain words, and `filled` where
/// in `text` those words are, in order.
pub fn fill(
    found: &[Shortcode],
    context: Option<Context<'_>>,
    html: &mut String,
    feed_html: &mut String,
    text: &mut String,
    filled: &mut Vec<std::ops::Range<usize>>,
) -> Result<(), String> {
    for (i, code) in found.iter().enumerate() {
        let Shortcode::WarningSigns(level) = code;
        let Some(context) = context else {
            return Err(
                "the warning-signs table did not load, so its shortcode cannot be shown".to_owned(),
            );
        };
        let levels: Vec<Level> = match level {
            Some(level) => vec![*level],
            None => vec![Level::Emergency, Level::Urgent, Level::Soon],
        };
        let lists: Vec<SignList> = levels
            .into_iter()
            .map(|level| SignList::new(context.signs, context.services, level, None, false))
            .collect();
        let mut block = String::new();
        let mut plain = String::new();
        for list in &lists {
            block.push_str(
                &list
                    .render()
                    .map_err(|err| format!("warning-signs list: {err}"))?,
            );
            if !plain.is_empty() {
                plain.push('\n');
            }
            plain.push_str(&list.text());
        }
        let token = placeholder(i);
        let paragraph = format!("<p>{token}</p>");
        if !html.contains(&paragraph) {
            return Err(
                "a shortcode must be a paragraph of its own: put a blank line before and after it"
                    .to_owned(),
            );
        }
        *html = html.replacen(&paragraph, &block, 1);
        *feed_html = feed_html.replacen(&paragraph, &block, 1);
        if let Some(at) = text.find(&token) {
            text.replace_range(at..at + token.len(), &plain);
            filled.push(at..at + plain.len());
        }
    }
    Ok(())
}

/// Lines of a guide body that describe a warning sign in their own words:
/// (line, the term, the sign's id). Shortcode lines are skipped; terms match
/// at the start of a word, case-insensitively.
pub fn stated_signs(body: &str, terms: &Terms) -> Vec<(usize, String, &'static str)> {
    let Some(matcher) = &terms.matcher else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        if parse_line(line).is_some() {
            continue;
        }
        let lower = line.to_lowercase();
        // At the start of a word; a short term (such as "hiv") must be the
        // whole word, or it would match "hive".
        let hit = matcher.find_overlapping_iter(&lower).find(|m| {
            let starts = lower[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let ends = m.len() > 3
                || lower[m.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
            starts && ends
        });
        if let Some((term, sign)) = hit.and_then(|m| terms.terms.get(m.pattern().as_usize())) {
            out.push((i + 1, term.clone(), *sign));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn give_away_words_are_found_at_word_starts_once_a_line() {
        let signs = WarningSigns::parse(
            include_str!("../../content/warning-signs.toml"),
            "warning-signs.toml",
        )
        .unwrap();
        let terms = Terms::new(&signs);
        let body = "A hive of bees.\nPeople with HIV.\n{{ warning_signs(level=\"urgent\") }}\nPain in both legs, and a fever.\nPainful sneezing.\nInsneeze is not a word.\n";
        let found: Vec<(usize, String, &str)> = stated_signs(body, &terms);
        assert_eq!(
            found,
            vec![
                (2, "hiv".to_owned(), "immune"),
                (4, "both legs".to_owned(), "both_legs"),
                (5, "sneez".to_owned(), "cough_sneeze"),
            ]
        );
    }

    #[test]
    fn shortcode_lines_are_recognised_and_bad_ones_explained() {
        assert_eq!(
            parse_line("{{ warning_signs(level=\"emergency\") }}"),
            Some(Ok(Shortcode::WarningSigns(Some(Level::Emergency))))
        );
        assert_eq!(
            parse_line("  {{warning_signs()}}  "),
            Some(Ok(Shortcode::WarningSigns(None)))
        );
        assert_eq!(parse_line("Some {{ text }} here"), None);
        assert!(parse_line("{{ warning_signs(level=\"later\") }}").is_some_and(|r| r.is_err()));
        assert!(parse_line("{{ youtube(id=\"x\") }}").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn expanding_keeps_the_other_lines_and_numbers_placeholders_in_order() {
        let body = "Intro.\n{{ warning_signs(level=\"urgent\") }}\nMore.\n{{ warning_signs() }}\n";
        let expanded = expand(body);
        assert_eq!(
            expanded.found,
            vec![
                Shortcode::WarningSigns(Some(Level::Urgent)),
                Shortcode::WarningSigns(None)
            ]
        );
        assert_eq!(
            expanded.markdown,
            "Intro.\nBACKCARESHORTCODE0X\nMore.\nBACKCARESHORTCODE1X"
        );
        assert!(expanded.problems.is_empty());
    }
}
