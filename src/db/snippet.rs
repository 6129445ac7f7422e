//! Snippets of search results, cut here rather than by FTS5's `snippet()`.
//!
//! FTS5 builds a snippet by running its tokenizer (Unicode words, then the
//! Porter stemmer) over the whole text of each result: for a page of ten
//! long guides that was a third of the CPU time of a fresh search. Here the
//! words of a result are compared with the query's by their first letters
//! first, and only the few that agree are stemmed (Snowball English, close
//! to FTS5's Porter), so a page of snippets costs a fraction of that. FTS5
//! still decides which documents match and how they rank; this only chooses
//! which words of a result to show and mark.

use rust_stemmers::{Algorithm, Stemmer};

use super::search::Fragment;

/// Words a snippet shows (as FTS5's `snippet(…, 24)` did).
pub const WIDTH: usize = 24;

/// Words before the first match that a snippet starts with, so the match
/// is not the first word shown.
const LEAD: usize = 3;

/// The words to mark: each in lower case, with its stem.
pub struct Terms {
    stemmer: Stemmer,
    terms: Vec<Term>,
    /// First characters (lower case) that some term's stem starts with:
    /// a word starting with anything else is no term, checked in one look.
    firsts: Vec<char>,
}

struct Term {
    lower: String,
    stem: String,
    /// The first three characters (or all of a shorter one) of the word
    /// and of its stem, which can differ ("lying" has the stem "lie").
    heads: [Vec<char>; 2],
}

impl Terms {
    /// The words of `texts` (a query and the synonyms searched with it).
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Terms {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut terms: Vec<Term> = Vec::new();
        for text in texts {
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                let lower = word.to_lowercase();
                if terms.iter().any(|t| t.lower == lower) {
                    continue;
                }
                let stem = stemmer.stem(&lower).into_owned();
                let heads = [
                    lower.chars().take(3).collect(),
                    stem.chars().take(3).collect(),
                ];
                terms.push(Term { lower, stem, heads });
            }
        }
        let mut firsts: Vec<char> = terms
            .iter()
            .flat_map(|t| t.heads.iter().filter_map(|h| h.first().copied()))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        Terms {
            stemmer,
            terms,
            firsts,
        }
    }

    /// Which term `word` is, if any: the same word, or the same stem.
    fn find(&self, word: &str) -> Option<usize> {
        // Cheap tests first: a word and its stem share their first letters
        // (or the whole of a short word), so most words stop here.
        let bytes = word.as_bytes();
        let first = match bytes.first()? {
            b if b.is_ascii() => char::from(b.to_ascii_lowercase()),
            _ => word.chars().next()?.to_lowercase().next()?,
        };
        if !self.firsts.contains(&first) {
            return None;
        }
        let mut lower: Option<String> = None;
        for (i, term) in self.terms.iter().enumerate() {
            let starts = term.heads.iter().any(|head| {
                if word.is_ascii() && head.iter().all(char::is_ascii) {
                    bytes.len() >= head.len()
                        && bytes
                            .iter()
                            .zip(head)
                            .all(|(&b, &h)| char::from(b.to_ascii_lowercase()) == h)
                } else {
                    word.chars()
                        .flat_map(char::to_lowercase)
                        .take(head.len())
                        .eq(head.iter().copied())
                }
            });
            if !starts {
                continue;
            }
            let lower = lower.get_or_insert_with(|| word.to_lowercase());
            if *lower == term.lower || self.stemmer.stem(lower) == term.stem {
                return Some(i);
            }
        }
        None
    }

    fn len(&self) -> usize {
        self.terms.len()
    }
}

/// Byte ranges of the words of `text` (runs of letters and digits). ASCII
/// is read a byte at a time; other characters are decoded and asked.
fn words(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 5);
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (is_word, width) = if bytes[i].is_ascii() {
            (bytes[i].is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        match (is_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// About [`WIDTH`] words of `text` around the place where the most
/// different terms are close together, with the matching words marked and
/// "…" where text was cut. Text with no match gives its first words.
pub fn snippet(text: &str, terms: &Terms) -> Vec<Fragment> {
    let words = words(text);
    if words.is_empty() {
        return Vec::new();
    }
    let hits: Vec<(usize, usize)> = words
        .iter()
        .enumerate()
        .filter_map(|(i, &(s, e))| terms.find(&text[s..e]).map(|t| (i, t)))
        .collect();
    // The window with the most different terms, then the most matches;
    // the earliest on a tie. Windows start a few words before a match;
    // `hits` is in text order, so one pass with two ends counts them.
    let mut best = (0, 0, 0);
    let mut counts = vec![0usize; terms.len()];
    let (mut distinct, mut lo, mut hi) = (0, 0, 0);
    for &(at, _) in &hits {
        let start = at.saturating_sub(LEAD);
        let end = start + WIDTH;
        while hi < hits.len() && hits[hi].0 < end {
            counts[hits[hi].1] += 1;
            distinct += usize::from(counts[hits[hi].1] == 1);
            hi += 1;
        }
        while hits[lo].0 < start {
            counts[hits[lo].1] -= 1;
            distinct -= usize::from(counts[hits[lo].1] == 0);
            lo += 1;
        }
        if (distinct, hi - lo) > (best.1, best.2) {
            best = (start, distinct, hi - lo);
        }
    }
    let end = (best.0 + WIDTH).min(words.len());
    // Near the end of the text, show more of what comes before instead.
    let start = end.saturating_sub(WIDTH).min(best.0);
    let mut out = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Fragment {
                text: last,
                marked: m,
            }) if *m == marked && !marked => {
                last.push_str(text);
            }
            _ => out.push(Fragment {
                text: text.to_owned(),
                marked,
            }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = words[start].0;
    for &(i, _) in hits.iter().filter(|(i, _)| (start..end).contains(i)) {
        let (s, e) = words[i];
        push(&text[at..s], false);
        push(&text[s..e], true);
        at = e;
    }
    if end < words.len() {
        push(&text[at..words[end - 1].1], false);
        push("…", false);
    } else {
        push(text[at..].trim_end(), false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(fragments: &[Fragment]) -> String {
        fragments
            .iter()
            .map(|f| {
                if f.marked {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn words_that_share_a_stem_are_marked_and_others_are_not() {
        let terms = Terms::new(["Stretch", "sitting"]);
        let text = "After sitting all day, a gentle stretching routine helps. Sit less, stretch more; the stretcher is not a stretch.";
        let out = shown(&snippet(text, &terms));
        assert_eq!(
            out,
            "After [sitting] all day, a gentle [stretching] routine helps. [Sit] less, [stretch] more; the stretcher is not a [stretch]."
        );
    }

    #[test]
    fn a_word_whose_stem_starts_differently_is_still_marked() {
        // Snowball stems "lying" to "lie" and "skies" to "sky".
        let terms = Terms::new(["lying down", "skies"]);
        let out = shown(&snippet("Try lying down under blue skies.", &terms));
        assert_eq!(out, "Try [lying] [down] under blue [skies].");
    }

    #[test]
    fn the_window_goes_where_most_different_terms_are() {
        let filler = "word ".repeat(40);
        let text = format!("walk here. {filler} Later, walk and swim together. {filler}end");
        let terms = Terms::new(["walk", "swim"]);
        let out = shown(&snippet(&text, &terms));
        assert!(out.starts_with("…"), "{out}");
        assert!(out.contains("[walk] and [swim]"), "{out}");
        assert!(out.ends_with("…"), "{out}");
        assert_eq!(
            out.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count(),
            WIDTH
        );
    }

    #[test]
    fn text_without_a_match_gives_its_first_words_and_empty_text_nothing() {
        let text = "one two three ".repeat(20);
        let out = shown(&snippet(&text, &Terms::new(["absent"])));
        assert!(out.starts_with("one two three one"), "{out}");
        assert!(out.ends_with("…") && !out.contains('['), "{out}");
        assert!(snippet("", &Terms::new(["a"])).is_empty());
        assert!(snippet("  ...  ", &Terms::new(["a"])).is_empty());
    }

    #[test]
    fn any_text_and_any_terms_are_cut_on_character_boundaries() {
        let text = "Ça va? Naïve café — 背中の痛み, ok. Ñandú ünïcödé ÀÉÎ";
        for terms in [["ça"], ["café"], ["背中の痛み"], ["ÀÉÎ"], [""]] {
            let out = snippet(text, &Terms::new(terms));
            assert!(!out.is_empty());
        }
        let out = shown(&snippet(text, &Terms::new(["cafe", "CAFÉ"])));
        assert!(out.contains("[café]"), "{out}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_and_query_give_a_snippet_without_panicking(
            text in "\\PC{0,400}",
            query in "\\PC{0,40}",
        ) {
            let out = snippet(&text, &Terms::new([query.as_str()]));
            let shown: String = out.iter().map(|f| f.text.as_str()).collect();
            let has_words = text.chars().any(char::is_alphanumeric);
            proptest::prop_assert_eq!(shown.is_empty(), !has_words);
        }
    }
}
