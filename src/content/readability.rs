//! Reading time and the Flesch-Kincaid grade of plain text.
//!
//! The grade is an estimate (syllables are counted by vowel groups, as most
//! readability tools do); it is a guide for writers, not a verdict.

/// Words a reader gets through in a minute, for the "n min read" label.
pub const WORDS_PER_MINUTE: usize = 200;

/// The grade guides aim at or below (plain English, as public health
/// sites aim for); `backcare check` warns above it.
pub const TARGET_GRADE: f64 = 9.0;

/// Whole minutes to read `words`, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

/// Words of the text: runs between spaces that hold a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// Sentences: ends at `.`, `!`, `?` (or `;`/`:` before a line break) and at
/// every line break, since each line of the plain text is one block (a
/// heading, a list item) even without a full stop.
pub fn sentence_count(text: &str) -> usize {
    let mut count = 0;
    for line in text.lines() {
        let mut in_sentence = false;
        for c in line.chars() {
            if matches!(c, '.' | '!' | '?') {
                if in_sentence {
                    count += 1;
                }
                in_sentence = false;
            } else if c.is_alphanumeric() {
                in_sentence = true;
            }
        }
        if in_sentence {
            count += 1;
        }
    }
    count
}

/// Syllables in one word, by vowel groups, less a silent final `e`.
pub fn syllables(word: &str) -> usize {
    let word: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if word.is_empty() {
        return 0;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous_vowel = false;
    for &c in &word {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    let n = word.len();
    // "make", "time": the final e is silent; "table", "see" keep theirs.
    if n > 2 && word[n - 1] == 'e' && !is_vowel(word[n - 2]) {
        let consonant_le = word[n - 2] == 'l' && !is_vowel(word[n - 3]);
        if !consonant_le {
            count -= 1;
        }
    }
    // "-ed" after anything but t/d is silent: "moved", "helped".
    if n > 3
        && word[n - 2] == 'e'
        && word[n - 1] == 'd'
        && !matches!(word[n - 3], 't' | 'd')
        && !is_vowel(word[n - 3])
    {
        count -= 1;
    }
    count.max(1)
}

/// The Flesch-Kincaid grade level of plain text, or `None` for text with no
/// words: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
pub fn flesch_kincaid_grade(text: &str) -> Option<f64> {
    let mut word_total = 0usize;
    let mut syllable_total = 0usize;
    for word in words(text) {
        word_total += 1;
        syllable_total += syllables(word);
    }
    let sentences = sentence_count(text).max(1);
    if word_total == 0 {
        return None;
    }
    let words = word_total as f64;
    Some(0.39 * (words / sentences as f64) + 11.8 * (syllable_total as f64 / words) - 15.59)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_counts_of_common_words() {
        for (word, n) in [
            ("back", 1),
            ("pain", 1),
            ("make", 1),
            ("table", 2),
            ("exercise", 3),
            ("walking", 2),
            ("moved", 1),
            ("rested", 2),
            ("gently", 2),
            ("the", 1),
            ("I", 1),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn sentences_end_at_stops_and_lines() {
        assert_eq!(sentence_count("One. Two! Three?"), 3);
        assert_eq!(sentence_count("A heading\nA sentence. Another"), 3);
        assert_eq!(sentence_count("Wait... really?"), 2);
        assert_eq!(sentence_count(""), 0);
    }

    #[test]
    fn simple_text_scores_low_and_dense_text_scores_high() {
        let simple = "The cat sat on the mat. The dog ran to the park. We had fun.";
        let dense = "Intervertebral degeneration necessitates individualised physiotherapeutic \
                     rehabilitation incorporating progressive neuromuscular stabilisation exercises.";
        let easy = flesch_kincaid_grade(simple).unwrap();
        let hard = flesch_kincaid_grade(dense).unwrap();
        assert!(easy < 2.0, "{easy}");
        assert!(hard > 20.0, "{hard}");
    }

    #[test]
    fn known_value_for_a_fixed_text() {
        // 6 words, 1 sentence, 7 syllables ("gently" 2, others 1).
        let grade = flesch_kincaid_grade("Walk gently each day, then rest.").unwrap();
        let expected = 0.39 * 6.0 + 11.8 * (7.0 / 6.0) - 15.59;
        assert!((grade - expected).abs() < 1e-9, "{grade} vs {expected}");
    }

    #[test]
    fn empty_text_has_no_grade_and_reading_time_is_at_least_a_minute() {
        assert_eq!(flesch_kincaid_grade("  ... "), None);
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
        assert_eq!(word_count("Hello, world -- it's 2026!"), 4);
    }
}
