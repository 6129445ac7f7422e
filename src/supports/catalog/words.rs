//! The words catalog text is checked against: what no product may be
//! called or claim, and how a `not_for` line names each `worse` answer.

use crate::routine::Worse;

/// Words that must never describe a product: NICE NG59 advises against belts
/// and corsets for low back pain, so the catalog holds none.
pub const FORBIDDEN_PRODUCT_WORDS: &[&str] =
    &["belt", "belts", "brace", "braces", "corset", "corsets"];

/// Words that claim a product treats pain or the spine. Supports are comfort
/// and sitting-posture aids; no catalog text may claim more.
pub const CLAIM_WORDS: &[&str] = &[
    "cure",
    "cures",
    "cured",
    "curing",
    "heal",
    "heals",
    "healed",
    "healing",
    "treat",
    "treats",
    "treated",
    "treating",
    "treatment",
    "therapy",
    "therapeutic",
    "relief",
    "relieve",
    "relieves",
    "fix",
    "fixes",
    "corrects",
    "corrective",
    "prevents",
    "guaranteed",
    "clinically",
    "orthopaedic",
    "orthopedic",
    "alleviate",
    "alleviates",
    "soothe",
    "soothes",
    "soothing",
    "remedy",
    "strain",
    "strains",
];

/// Claims that take more than one word to make: that a support takes load
/// off the back, shapes the spine for its health, or makes pain go away.
/// Checked as phrases in lowercase text with single spaces.
pub const CLAIM_PHRASES: &[&str] = &[
    "pressure off",
    "takes the pressure",
    "take the pressure",
    "less pressure on",
    "reduces pressure",
    "natural curve",
    "natural inward curve",
    "spine's curve",
    "curve of your spine",
    "curve of the spine",
    "supports the spine",
    "supports your spine",
    "support the spine",
    "support your spine",
    "protects your back",
    "protects the back",
    "good posture",
    "correct posture",
    "better posture",
    "improves posture",
    "improve your posture",
    "pain-free",
    "pain free",
    "reduces pain",
    "reduce pain",
    "reduces back pain",
    "less pain",
    "eases pain",
    "ease pain",
    "eases back pain",
    "ease back pain",
];

/// The words by which a `not_for` line names each `worse` answer. A line
/// that says "worse" and names an answer is about that answer.
pub fn worse_words(worse: Worse) -> &'static [&'static str] {
    // No `_` arm: a new answer must get its words here.
    match worse {
        Worse::Sitting => &["sit", "sits", "sitting", "seated"],
        Worse::Standing => &["stand", "stands", "standing"],
        Worse::BendingForward => &["bend", "bends", "bending", "bent", "stoop", "stooping"],
        Worse::ArchingBack => &["arch", "arches", "arched", "arching"],
        Worse::Morning => &["morning", "mornings"],
        Worse::MorningStiffness => &["stiff", "stiffness"],
        Worse::AfterActivity => &["activity", "active", "exercise", "exercising"],
        Worse::Driving => &["drive", "drives", "driving"],
        Worse::LyingDown => &["lie", "lies", "lying"],
    }
}

/// The first of `words` that appears as a whole word in `text` (any case).
pub fn first_word_in(text: &str, words: &[&str]) -> Option<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .find(|w| words.contains(&w.as_str()))
}

/// The first of `phrases` found in `text` as whole words, in any case and
/// whatever the punctuation or spacing between the words.
pub fn first_phrase_in<'p>(text: &str, phrases: &[&'p str]) -> Option<&'p str> {
    let words: String = text
        .to_lowercase()
        .replace('\u{2019}', "'")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let padded = format!(
        " {} ",
        words.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    phrases
        .iter()
        .find(|phrase| padded.contains(&format!(" {phrase} ")))
        .copied()
}
