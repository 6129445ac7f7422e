//! The warning-signs table, `content/warning-signs.toml`: every sign the site
//! names, how urgent it is, the words shown for it and the words that give it
//! away in a guide. One table, read by the routine form, the red-flag page,
//! the footer, the saved routine's warnings and the guides' shortcode, so no
//! page can state a different urgency from another.
//!
//! Two kinds of sign share it: the form's warning signs ([`RedFlag`], the
//! `red_flag` parameter; emergency or urgent) and the "see a GP soon" advice
//! ([`SeeSoon`]) that the planner derives from other answers. The loader
//! insists that every value of both vocabularies has exactly one row, so a
//! sign added in code without words (or words without code) stops start-up.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::screening::RedFlag;
use crate::content::ContentProblem;

pub const FILE: &str = "warning-signs.toml";

vocab!(
    /// How soon a person should get help. Ordered from least to most urgent.
    Level {
        Soon = "soon", "See a GP soon";
        Urgent = "urgent", "Urgent: get advice today";
        Emergency = "emergency", "Emergency: get help now";
    }
);

vocab!(
    /// "See a GP soon" advice: not a reason to stop exercising, but worth a
    /// routine appointment. Raised by the planner from the answers.
    SeeSoon {
        FirstPainAge = "first_pain_age", "First back pain at 50 or over, or under 20";
        Inflammatory = "inflammatory", "Long-lasting pain with long morning stiffness, under 45";
        NotImproving = "not_improving", "Pain that is no better after a few weeks";
        SciaticaNotImproving = "sciatica_not_improving", "Leg pain below the knee that is not getting better";
    }
);

/// Which sign a row describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SignId {
    Flag(RedFlag),
    Soon(SeeSoon),
}

impl SignId {
    pub fn as_str(self) -> &'static str {
        match self {
            SignId::Flag(flag) => flag.as_str(),
            SignId::Soon(soon) => soon.as_str(),
        }
    }

    fn parse(text: &str) -> Option<SignId> {
        RedFlag::parse(text)
            .map(SignId::Flag)
            .or_else(|| SeeSoon::parse(text).map(SignId::Soon))
    }
}

/// One warning sign, as every page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sign {
    pub id: SignId,
    pub level: Level,
    /// The sign in the person's words: the form's checkbox, the list item.
    pub label: String,
    /// Why it matters, in a sentence or two.
    pub explain: String,
    /// Words that mean a guide is describing this sign in its own words
    /// (lowercase; matched anywhere in a word).
    pub terms: Vec<String>,
}

/// The whole table, in file order within each level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarningSigns {
    signs: Vec<Sign>,
}

impl WarningSigns {
    /// Every sign, most urgent level first, file order within a level.
    pub fn all(&self) -> &[Sign] {
        &self.signs
    }

    /// The signs of one level, in file order.
    pub fn at(&self, level: Level) -> impl Iterator<Item = &Sign> {
        self.signs.iter().filter(move |s| s.level == level)
    }

    pub fn get(&self, id: SignId) -> Option<&Sign> {
        self.signs.iter().find(|s| s.id == id)
    }

    /// The row of a form warning sign. Every flag has one (the loader
    /// checks), so this falls back to the code's label only for a table
    /// built by hand in a test.
    pub fn flag(&self, flag: RedFlag) -> Option<&Sign> {
        self.get(SignId::Flag(flag))
    }

    /// How urgent a form warning sign is. A flag missing from the table
    /// (impossible once loaded) counts as an emergency: never less safe.
    pub fn level_of(&self, flag: RedFlag) -> Level {
        self.flag(flag).map_or(Level::Emergency, |s| s.level)
    }

    pub fn label_of(&self, flag: RedFlag) -> &str {
        self.flag(flag).map_or(flag.label(), |s| s.label.as_str())
    }

    /// Every term of every sign, with the sign it belongs to.
    pub fn terms(&self) -> impl Iterator<Item = (&str, &Sign)> {
        self.signs
            .iter()
            .flat_map(|s| s.terms.iter().map(move |t| (t.as_str(), s)))
    }

    /// Parses and checks the table's text.
    pub fn parse(text: &str, file: &str) -> Result<WarningSigns, Vec<ContentProblem>> {
        let raw: RawFile =
            crate::content::from_toml(text, file).map_err(|problem| vec![problem])?;
        let mut problems = Vec::new();
        let mut signs: Vec<Sign> = Vec::new();
        for spanned in &raw.sign {
            let line = crate::content::line_of(text, spanned.span().start);
            let row = spanned.get_ref();
            let mut problem = |message: String| {
                problems.push(ContentProblem {
                    file: file.to_owned(),
                    line: Some(line),
                    message: format!("sign `{}`: {message}", row.id),
                });
            };
            let Some(id) = SignId::parse(&row.id) else {
                problem(format!(
                    "unknown id (form warning signs: {}; see-a-GP-soon advice: {})",
                    RedFlag::names(),
                    SeeSoon::names()
                ));
                continue;
            };
            let Some(level) = Level::parse(&row.level) else {
                problem(format!("unknown level (use {})", Level::names()));
                continue;
            };
            match (id, level) {
                (SignId::Flag(_), Level::Soon) => problem(
                    "a form warning sign stops the routine builder, so its level is emergency or urgent"
                        .to_owned(),
                ),
                (SignId::Soon(_), Level::Urgent | Level::Emergency) => problem(
                    "see-a-GP-soon advice has level `soon` (an urgent sign belongs on the form)"
                        .to_owned(),
                ),
                _ => {}
            }
            for (field, value) in [("label", &row.label), ("explain", &row.explain)] {
                if value.trim().is_empty() {
                    problem(format!("`{field}` must not be empty"));
                }
            }
            if row.terms.is_empty() {
                problem("`terms` needs at least one word that gives the sign away".to_owned());
            }
            for term in &row.terms {
                if term.trim().len() < 3 || term.to_lowercase() != *term {
                    problem(format!(
                        "term `{term}` must be lowercase and at least 3 characters"
                    ));
                }
            }
            if signs.iter().any(|s| s.id == id) {
                problem("is listed twice".to_owned());
                continue;
            }
            signs.push(Sign {
                id,
                level,
                label: row.label.trim().to_owned(),
                explain: row.explain.trim().to_owned(),
                terms: row.terms.clone(),
            });
        }
        let missing: Vec<&str> = RedFlag::ALL
            .iter()
            .map(|f| SignId::Flag(*f))
            .chain(SeeSoon::ALL.iter().map(|s| SignId::Soon(*s)))
            .filter(|id| !signs.iter().any(|s| s.id == *id))
            .map(SignId::as_str)
            .collect();
        if !missing.is_empty() {
            problems.push(ContentProblem {
                file: file.to_owned(),
                line: None,
                message: format!("every sign needs a row; missing: {}", missing.join(", ")),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Most urgent first; the sort is stable, so file order stays within
        // a level.
        signs.sort_by_key(|s| std::cmp::Reverse(s.level));
        Ok(WarningSigns { signs })
    }
}

/// Reads the table from the content folder, adding every problem found.
pub fn load(dir: &Path, problems: &mut Vec<ContentProblem>) -> Option<WarningSigns> {
    crate::content::load_file(dir, FILE, problems, WarningSigns::parse)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sign: Vec<toml::Spanned<RawSign>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSign {
    id: String,
    level: String,
    label: String,
    explain: String,
    #[serde(default)]
    terms: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../content/warning-signs.toml");

    fn shipped() -> WarningSigns {
        WarningSigns::parse(SHIPPED, FILE).unwrap()
    }

    /// The levels the NHS back-pain, sciatica and cauda equina pages and
    /// NICE NG59 give each sign. The table is the site's one source; this
    /// test is the clinical review of it.
    #[test]
    fn the_shipped_table_gives_each_sign_the_level_the_nhs_gives_it() {
        let signs = shipped();
        let emergency = [
            RedFlag::SaddleNumbness,
            RedFlag::BladderBowel,
            RedFlag::SexualFunction,
            RedFlag::BothLegs,
            RedFlag::ChestPain,
            RedFlag::MajorTrauma,
        ];
        // Everything else is urgent. `leg_weakness` (one leg getting weaker
        // or more numb) is the project's clinical reading: the NHS sciatica
        // page lists a worsening leg as a reason to see a GP; a nerve that
        // is losing function is checked the same day.
        for flag in RedFlag::ALL {
            let expected = if emergency.contains(flag) {
                Level::Emergency
            } else {
                Level::Urgent
            };
            assert_eq!(signs.level_of(*flag), expected, "{flag}");
        }
        for soon in SeeSoon::ALL {
            assert_eq!(signs.get(SignId::Soon(*soon)).unwrap().level, Level::Soon);
        }
        // Most urgent first.
        let levels: Vec<Level> = signs.all().iter().map(|s| s.level).collect();
        let mut sorted = levels.clone();
        sorted.sort_by_key(|l| std::cmp::Reverse(*l));
        assert_eq!(levels, sorted);
    }

    #[test]
    fn a_missing_row_an_unknown_id_or_a_wrong_level_is_refused_with_its_line() {
        let without_chest = SHIPPED.replacen("id = \"chest_pain\"", "id = \"chest_pains\"", 1);
        let problems = WarningSigns::parse(&without_chest, FILE).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|p| p.contains("chest_pains") && p.contains("unknown id"))
        );
        assert!(
            text.iter()
                .any(|p| p.contains("missing: chest_pain") && !p.contains("chest_pains"))
        );
        let start = SHIPPED.find("id = \"fever\"").unwrap();
        let level_at = start + SHIPPED[start..].find("level = \"urgent\"").unwrap();
        let mut soon = SHIPPED.to_owned();
        soon.replace_range(level_at..level_at + 16, "level = \"soon\"  ");
        let problems = WarningSigns::parse(&soon, FILE).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("`fever`"));
        assert!(problems[0].message.contains("emergency or urgent"));
        assert!(problems[0].line.is_some());
    }
}
