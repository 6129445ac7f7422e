//! What search needs besides the index: `content/search.toml` (synonym
//! groups, and the guides offered when nothing is found) and the site's own
//! vocabulary, for "did you mean".
//!
//! The vocabulary is every word of the searchable text with how often it
//! occurs, in an [`fst::Map`]: a Levenshtein automaton walks it to find the
//! closest known words to a misspelling without comparing against every
//! word on each request.

use std::collections::BTreeMap;
use std::path::Path;

use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Map, Streamer};
use serde::Deserialize;

use super::ContentProblem;

pub const FILE: &str = "search.toml";
/// Most guides offered on an empty results page.
pub const USEFUL_MAX: usize = 5;

/// `content/search.toml`, checked.
#[derive(Debug, Clone, Default)]
pub struct SearchSettings {
    /// Each group: words and phrases (lowercase) that mean the same thing.
    pub synonyms: Vec<Vec<String>>,
    /// Guide slugs offered when a search finds nothing.
    pub useful: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    useful: Vec<String>,
    #[serde(default)]
    synonyms: Vec<toml::Spanned<RawGroup>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    words: Vec<String>,
}

impl SearchSettings {
    /// Parses and checks the file's text. Guide slugs are checked against
    /// the guides by [`SearchSettings::unknown_guides`] once those loaded.
    pub fn parse(text: &str, file: &str) -> Result<SearchSettings, Vec<ContentProblem>> {
        let raw: RawFile = super::from_toml(text, file).map_err(|problem| vec![problem])?;
        let mut problems = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut synonyms = Vec::new();
        for group in &raw.synonyms {
            let line = super::line_of(text, group.span().start);
            let mut problem = |message: String| {
                problems.push(ContentProblem {
                    file: file.to_owned(),
                    line: Some(line),
                    message,
                });
            };
            let words = &group.get_ref().words;
            if words.len() < 2 {
                problem("a synonym group needs two or more words".to_owned());
            }
            for word in words {
                let words_in: Vec<&str> = word.split_whitespace().collect();
                if words_in.is_empty()
                    || word.to_lowercase() != *word
                    || word
                        .chars()
                        .any(|c| !(c.is_alphanumeric() || c == ' ' || c == '-'))
                {
                    problem(format!(
                        "`{word}` must be lowercase letters, digits, spaces or hyphens"
                    ));
                }
                if let Some(first) = seen.insert(word.clone(), line) {
                    problem(format!(
                        "`{word}` is already in the group on line {first}: a word belongs to one group"
                    ));
                }
            }
            synonyms.push(words.clone());
        }
        if raw.useful.len() > USEFUL_MAX {
            problems.push(ContentProblem {
                file: file.to_owned(),
                line: None,
                message: format!("`useful` lists at most {USEFUL_MAX} guides"),
            });
        }
        if problems.is_empty() {
            Ok(SearchSettings {
                synonyms,
                useful: raw.useful,
            })
        } else {
            Err(problems)
        }
    }

    /// `useful` slugs that are not served guides.
    pub fn unknown_guides(
        &self,
        file: &str,
        is_guide: impl Fn(&str) -> bool,
    ) -> Vec<ContentProblem> {
        self.useful
            .iter()
            .filter(|slug| !is_guide(slug))
            .map(|slug| ContentProblem {
                file: file.to_owned(),
                line: None,
                message: format!("`useful` names `{slug}`, which is not a guide that is served"),
            })
            .collect()
    }
}

/// Reads `search.toml`; a missing file means no synonyms and no offers.
pub fn load(dir: &Path, problems: &mut Vec<ContentProblem>) -> Option<SearchSettings> {
    if !dir.join(FILE).exists() {
        return Some(SearchSettings::default());
    }
    super::load_file(dir, FILE, problems, SearchSettings::parse)
}

/// Every word of the site's searchable text, with how often it occurs.
#[derive(Clone)]
pub struct Vocabulary {
    words: Map<Vec<u8>>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vocabulary({} words)", self.words.len())
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::from_texts(std::iter::empty::<&str>())
    }
}

/// Words shorter than this are never suggested nor corrected.
const SHORTEST: usize = 4;

/// The words of a text as search sees them: lowercase runs of letters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Vocabulary {
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for text in texts {
            for word in words(text).filter(|w| w.chars().count() >= SHORTEST) {
                *counts.entry(word).or_default() += 1;
            }
        }
        // Keys come sorted from the BTreeMap, as the builder needs.
        let words = Map::from_iter(counts).unwrap_or_default();
        Vocabulary { words }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// The closest known word to `word`, when `word` is not one: within one
    /// edit for words up to 5 letters, two for longer ones; the most common
    /// at the smallest distance wins, then the first in order.
    pub fn closest(&self, word: &str) -> Option<String> {
        let word = word.to_lowercase();
        let length = word.chars().count();
        if length < SHORTEST || self.contains(&word) {
            return None;
        }
        let most = if length <= 5 { 1 } else { 2 };
        for distance in 1..=most {
            let Ok(automaton) = Levenshtein::new(&word, distance) else {
                return None;
            };
            let mut stream = self.words.search(automaton).into_stream();
            let mut best: Option<(u64, String)> = None;
            while let Some((key, count)) = stream.next() {
                let Ok(found) = std::str::from_utf8(key) else {
                    continue;
                };
                if best.as_ref().is_none_or(|(c, _)| count > *c) {
                    best = Some((count, found.to_owned()));
                }
            }
            if let Some((_, found)) = best {
                return Some(found);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_settings_parse() {
        let settings =
            SearchSettings::parse(include_str!("../../content/search.toml"), FILE).unwrap();
        assert!(settings.synonyms.len() >= 10);
        assert!(
            settings
                .synonyms
                .iter()
                .any(|g| g.contains(&"slipped disc".to_owned())
                    && g.contains(&"herniated disc".to_owned()))
        );
        assert_eq!(settings.useful.len(), USEFUL_MAX);
    }

    #[test]
    fn bad_groups_are_refused_with_their_line() {
        let text = "[[synonyms]]\nwords = [\"Back Pain\", \"backache\"]\n\n[[synonyms]]\nwords = [\"backache\"]\n";
        let problems = SearchSettings::parse(text, FILE).unwrap_err();
        let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            all.iter()
                .any(|p| p.contains(":1:") && p.contains("Back Pain")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|p| p.contains(":4:") && p.contains("two or more")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|p| p.contains("already in the group on line 1")),
            "{all:?}"
        );
    }

    #[test]
    fn misspellings_find_the_closest_common_word() {
        let vocab = Vocabulary::from_texts([
            "Hamstring stretch. Stretch the hamstring gently. hamstrings",
            "Bridge and bird dog, core work for the back.",
        ]);
        assert_eq!(vocab.closest("hamstrng").as_deref(), Some("hamstring"));
        assert_eq!(vocab.closest("Brigde").as_deref(), Some("bridge"));
        assert_eq!(vocab.closest("bridg").as_deref(), Some("bridge"));
        assert_eq!(
            vocab.closest("hamstring"),
            None,
            "a known word needs no help"
        );
        assert_eq!(vocab.closest("zzzzzzzz"), None);
        assert_eq!(vocab.closest("abc"), None);
    }
}
