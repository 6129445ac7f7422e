//! `content/supports.toml`: parsing and checking the product catalog.
//!
//! Each `[[support]]` entry is read on its own, so one bad entry does not hide
//! the problems of the others; every problem names the entry (its slug, or
//! its number when the slug itself is missing), the field and the line where
//! the entry starts.
//!
//! `not_for_worse` is the machine-readable half of `not_for`: the routine's
//! `worse` answers a product is not for. The two must agree (see
//! [`worse_words`]): every value listed is explained by a `not_for` line, and
//! every `not_for` line that says who finds it worse is listed. The word
//! lists and the word search are in `words`.

mod words;

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::{Adjustable, Catalog, Currency, Firmness, Kind, Price, SizeCm, Support, UseContext};
use crate::content::{ContentProblem, SearchDocument, from_toml, is_slug, line_of};
use crate::routine::Worse;

pub use words::{
    CLAIM_PHRASES, CLAIM_WORDS, FORBIDDEN_PRODUCT_WORDS, first_phrase_in, first_word_in,
    worse_words,
};

pub const FILE: &str = "supports.toml";

/// Most prices are a few pounds to a few tens of pounds; anything above this
/// is almost certainly a typo in minor units (pence).
const MAX_PRICE_MINOR: u32 = 100_000;
const MAX_SIZE_CM: f64 = 200.0;
const MAX_WEIGHT_G: u32 = 20_000;
const MAX_LIST_ITEMS: usize = 6;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    support: Vec<toml::Spanned<toml::Table>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSupport {
    slug: String,
    name: String,
    kind: String,
    /// Minor units (pence).
    price: u32,
    currency: String,
    firmness: String,
    material: String,
    washable_cover: bool,
    size_cm: RawSize,
    weight_g: u32,
    adjustable: RawAdjustable,
    contexts: Vec<String>,
    summary: String,
    pitch: String,
    suits: Vec<String>,
    not_for: Vec<String>,
    /// `worse` answers (routine vocabulary) the product is not for; `[]`
    /// when none. Required, so each product is thought about.
    not_for_worse: Vec<String>,
    /// Used lying on the back (or otherwise not for pregnancy): never
    /// recommended beside a plan for someone pregnant.
    #[serde(default)]
    not_in_pregnancy: bool,
    how_to_use: Vec<String>,
    picture: String,
    alt: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSize {
    width: f64,
    depth: f64,
    height: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdjustable {
    strap: bool,
    height: bool,
}

/// Collects the problems of one entry.
struct Entry<'a> {
    file: &'a str,
    line: usize,
    name: String,
    problems: Vec<ContentProblem>,
}

impl Entry<'_> {
    fn problem(&mut self, field: &str, message: impl std::fmt::Display) {
        self.problems.push(ContentProblem {
            file: self.file.to_owned(),
            line: Some(self.line),
            message: format!("support {}, field `{field}`: {message}", self.name),
        });
    }

    /// A required one-line text of at most `max` characters.
    fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.problem(field, "must not be empty");
        } else if value.contains('\n') {
            self.problem(field, "must be one line");
        } else if value.chars().count() > max {
            self.problem(
                field,
                format_args!(
                    "is {} characters long; keep it to {max}",
                    value.chars().count()
                ),
            );
        }
        if let Some(word) = first_word_in(value, CLAIM_WORDS) {
            self.problem(
                field,
                format_args!(
                    "uses the word \"{word}\", which claims a treatment; supports are comfort aids, so describe what it does, not what it cures"
                ),
            );
        }
        if let Some(phrase) = first_phrase_in(value, CLAIM_PHRASES) {
            self.problem(
                field,
                format_args!(
                    "says \"{phrase}\", which claims an effect on the back; there is no good evidence that supports help back pain, so say what people may find comfortable"
                ),
            );
        }
    }

    fn list(&mut self, field: &str, items: &[String]) {
        if items.is_empty() {
            self.problem(field, "needs at least one line");
        }
        if items.len() > MAX_LIST_ITEMS {
            self.problem(
                field,
                format_args!("has {} lines; keep it to {MAX_LIST_ITEMS}", items.len()),
            );
        }
        for item in items {
            self.text(field, item, 200);
        }
    }

    fn no_forbidden_product(&mut self, field: &str, value: &str) {
        if let Some(word) = first_word_in(value, FORBIDDEN_PRODUCT_WORDS) {
            self.problem(
                field,
                format_args!(
                    "mentions \"{word}\": the catalog holds no belts, braces or corsets (NICE NG59 advises against them for back pain)"
                ),
            );
        }
    }
}

/// Splits a serde message "invalid type …\nin `price`\n" into the field and
/// the message; messages about a missing or unknown field name it already.
fn split_serde_message(message: &str) -> (String, String) {
    let message = message.trim();
    if let Some((head, tail)) = message.rsplit_once("\nin `") {
        let field = tail.trim_end_matches('`').to_owned();
        return (field, head.trim().to_owned());
    }
    let field = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .unwrap_or("?")
        .to_owned();
    (field, message.to_owned())
}

/// Parses and checks the catalog text. `picture_exists` answers whether a
/// path under `static/` is one of the embedded files.
pub fn parse(
    text: &str,
    file: &str,
    picture_exists: &dyn Fn(&str) -> bool,
) -> Result<Catalog, Vec<ContentProblem>> {
    let raw: RawFile = from_toml(text, file).map_err(|problem| vec![problem])?;

    let mut problems = Vec::new();
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut currency: Option<Currency> = None;
    if raw.support.is_empty() {
        problems.push(ContentProblem {
            file: file.to_owned(),
            line: None,
            message: "the catalog has no [[support]] entries".to_owned(),
        });
    }

    for (index, spanned) in raw.support.into_iter().enumerate() {
        let line = line_of(text, spanned.span().start);
        let table = spanned.into_inner();
        let name = match table.get("slug").and_then(|v| v.as_str()) {
            Some(slug) => format!("\"{slug}\""),
            None => format!("#{} (no slug)", index + 1),
        };
        let mut entry = Entry {
            file,
            line,
            name,
            problems: Vec::new(),
        };
        match table.try_into::<RawSupport>() {
            Ok(raw) => {
                if let Some(support) =
                    check(raw, &mut entry, &mut seen, &mut currency, picture_exists)
                    && entry.problems.is_empty()
                {
                    items.push(support);
                }
            }
            Err(err) => {
                let (field, message) = split_serde_message(&err.to_string());
                entry.problem(&field, message);
            }
        }
        problems.append(&mut entry.problems);
    }

    if problems.is_empty() {
        Ok(Catalog { items })
    } else {
        Err(problems)
    }
}

fn check(
    raw: RawSupport,
    entry: &mut Entry<'_>,
    seen: &mut HashSet<String>,
    currency: &mut Option<Currency>,
    picture_exists: &dyn Fn(&str) -> bool,
) -> Option<Support> {
    if !is_slug(&raw.slug) {
        entry.problem(
            "slug",
            format_args!(
                "{:?} must be lowercase letters, digits and single hyphens, e.g. firm-lumbar-roll",
                raw.slug
            ),
        );
    } else if !seen.insert(raw.slug.clone()) {
        entry.problem("slug", "is used by an earlier entry; slugs must be unique");
    }

    entry.text("name", &raw.name, 60);
    entry.no_forbidden_product("name", &raw.name);
    entry.text("material", &raw.material, 120);
    entry.no_forbidden_product("material", &raw.material);
    entry.text("summary", &raw.summary, 160);
    entry.no_forbidden_product("summary", &raw.summary);
    entry.text("pitch", &raw.pitch, 140);
    entry.no_forbidden_product("pitch", &raw.pitch);
    if raw.pitch.starts_with(|c: char| c.is_uppercase()) || raw.pitch.trim_end().ends_with('.') {
        entry.problem(
            "pitch",
            "completes a sentence (\"You said sitting makes it worse: …\"), so start it in lowercase and leave off the full stop",
        );
    }
    entry.list("suits", &raw.suits);
    entry.list("not_for", &raw.not_for);
    entry.list("how_to_use", &raw.how_to_use);
    entry.text("alt", &raw.alt, 250);

    let kind = Kind::from_slug(&raw.kind);
    if kind.is_none() {
        entry.problem(
            "kind",
            format_args!(
                "{:?} is not a kind we know; use one of: {}",
                raw.kind,
                Kind::ALL.map(Kind::slug).join(", ")
            ),
        );
    }
    let firmness = Firmness::from_slug(&raw.firmness);
    if firmness.is_none() {
        entry.problem(
            "firmness",
            format_args!("{:?} must be soft, medium or firm", raw.firmness),
        );
    }
    let this_currency = Currency::from_code(&raw.currency);
    match (this_currency, *currency) {
        (None, _) => entry.problem(
            "currency",
            format_args!("{:?} is not supported; use \"GBP\"", raw.currency),
        ),
        (Some(c), Some(first)) if c != first => entry.problem(
            "currency",
            format_args!(
                "{:?} differs from earlier entries ({}); every price must be in one currency so they can be compared",
                raw.currency,
                first.code()
            ),
        ),
        (Some(c), None) => *currency = Some(c),
        (Some(_), Some(_)) => {}
    }
    if raw.price == 0 || raw.price > MAX_PRICE_MINOR {
        entry.problem(
            "price",
            format_args!(
                "{} is out of range: write the price in pence (minor units), e.g. 2499 for £24.99",
                raw.price
            ),
        );
    }
    for (field, value) in [
        ("size_cm.width", raw.size_cm.width),
        ("size_cm.depth", raw.size_cm.depth),
        ("size_cm.height", raw.size_cm.height),
    ] {
        if !(value > 0.0 && value <= MAX_SIZE_CM) {
            entry.problem(
                field,
                format_args!("{value} is out of range: write centimetres, more than 0 and at most {MAX_SIZE_CM}"),
            );
        }
    }
    if raw.weight_g == 0 || raw.weight_g > MAX_WEIGHT_G {
        entry.problem(
            "weight_g",
            format_args!("{} is out of range: write grams, e.g. 450", raw.weight_g),
        );
    }

    let mut contexts = Vec::new();
    if raw.contexts.is_empty() {
        entry.problem(
            "contexts",
            format_args!(
                "needs at least one place it is used: {}",
                UseContext::names()
            ),
        );
    }
    for slug in &raw.contexts {
        match UseContext::from_slug(slug) {
            Some(c) if contexts.contains(&c) => {
                entry.problem("contexts", format_args!("lists {slug:?} twice"));
            }
            Some(c) => contexts.push(c),
            None => entry.problem(
                "contexts",
                format_args!(
                    "{slug:?} is not a context we know; use {}",
                    UseContext::names()
                ),
            ),
        }
    }

    let not_for_worse = check_not_for_worse(&raw.not_for_worse, &raw.not_for, entry);

    if raw.picture.starts_with('/') || raw.picture.contains("..") || !raw.picture.ends_with(".svg")
    {
        entry.problem(
            "picture",
            format_args!(
                "{:?} must be an SVG path inside static/, e.g. \"supports/{}.svg\"",
                raw.picture, raw.slug
            ),
        );
    } else if !picture_exists(&raw.picture) {
        entry.problem(
            "picture",
            format_args!(
                "static/{} does not exist; add the drawing or fix the path",
                raw.picture
            ),
        );
    }

    Some(Support {
        slug: raw.slug,
        name: raw.name,
        kind: kind?,
        price: Price {
            minor: raw.price,
            currency: this_currency?,
        },
        firmness: firmness?,
        material: raw.material,
        washable_cover: raw.washable_cover,
        size_cm: SizeCm {
            width: raw.size_cm.width,
            depth: raw.size_cm.depth,
            height: raw.size_cm.height,
        },
        weight_g: raw.weight_g,
        adjustable: Adjustable {
            strap: raw.adjustable.strap,
            height: raw.adjustable.height,
        },
        contexts,
        summary: raw.summary,
        pitch: raw.pitch,
        suits: raw.suits,
        not_for: raw.not_for,
        not_for_worse,
        not_in_pregnancy: raw.not_in_pregnancy,
        how_to_use: raw.how_to_use,
        picture: raw.picture,
        alt: raw.alt,
    })
}

/// Reads `not_for_worse` and checks that it agrees with the `not_for` text:
/// each value is explained by a `not_for` line that names it, and each
/// `not_for` line that says "worse" about an answer has that answer listed.
fn check_not_for_worse(values: &[String], not_for: &[String], entry: &mut Entry<'_>) -> Vec<Worse> {
    let mut listed = Vec::new();
    for value in values {
        match Worse::parse(value) {
            Some(w) if listed.contains(&w) => {
                entry.problem("not_for_worse", format_args!("lists {value:?} twice"));
            }
            Some(w) => listed.push(w),
            None => entry.problem(
                "not_for_worse",
                format_args!(
                    "{value:?} is not a `worse` answer of the routine form; use {}",
                    Worse::names()
                ),
            ),
        }
    }
    for w in &listed {
        if !not_for
            .iter()
            .any(|line| first_word_in(line, worse_words(*w)).is_some())
        {
            entry.problem(
                "not_for_worse",
                format_args!(
                    "lists \"{w}\" but no `not_for` line says why; add a line that names it with one of the words {}",
                    worse_words(*w).join(", ")
                ),
            );
        }
    }
    for line in not_for {
        if first_word_in(line, &["worse"]).is_none() {
            continue;
        }
        let named: Vec<Worse> = Worse::ALL
            .iter()
            .copied()
            .filter(|w| first_word_in(line, worse_words(*w)).is_some())
            .collect();
        if !named.is_empty() && !named.iter().any(|w| listed.contains(w)) {
            let names: Vec<&str> = named.iter().map(|w| w.as_str()).collect();
            entry.problem(
                "not_for_worse",
                format_args!(
                    "the `not_for` line {line:?} says who finds it worse; list {} in `not_for_worse` so the recommender does not show it to them",
                    crate::routine::join_or(&names)
                ),
            );
        }
    }
    listed
}

/// Each product as a `/search` document: its summary, kind, firmness,
/// material, places and who it suits, as plain text.
pub fn search_documents(catalog: &Catalog) -> Vec<SearchDocument> {
    catalog
        .items
        .iter()
        .map(|s| {
            let mut body = vec![
                s.summary.clone(),
                format!(
                    "{}. {} firmness. {}.",
                    s.kind.label(),
                    s.firmness.label(),
                    s.material
                ),
                format!("For: {}.", s.contexts_label()),
            ];
            body.extend(s.suits.iter().cloned());
            body.extend(s.how_to_use.iter().cloned());
            SearchDocument {
                kind: "support",
                slug: s.slug.clone(),
                url: s.url(),
                title: s.name.clone(),
                body: body.join(" "),
            }
        })
        .collect()
}

/// Reads and checks `supports.toml` in `dir`, adding any problems found.
pub fn load(
    dir: &Path,
    picture_exists: &dyn Fn(&str) -> bool,
    problems: &mut Vec<ContentProblem>,
) -> Option<Catalog> {
    crate::content::load_file(dir, FILE, problems, |text, shown| {
        parse(text, shown, picture_exists)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[support]]
slug = "firm-lumbar-roll"
name = "Firm lumbar roll"
kind = "lumbar-roll"
price = 1999
currency = "GBP"
firmness = "firm"
material = "Dense foam"
washable_cover = true
size_cm = { width = 33, depth = 12.5, height = 12.5 }
weight_g = 300
adjustable = { strap = true, height = true }
contexts = ["office-chair", "car"]
summary = "A firm roll for the small of the back."
pitch = "a firm roll fills the gap between your lower back and the chair"
suits = ["People who sit a lot"]
not_for = ["People who dislike firm things"]
not_for_worse = []
how_to_use = ["Strap it at the height of your belly button"]
picture = "supports/firm-lumbar-roll.svg"
alt = "A foam cylinder with a strap."
"#;

    fn all_pictures(_: &str) -> bool {
        true
    }

    fn parse_ok(text: &str) -> Catalog {
        parse(text, "supports.toml", &all_pictures).unwrap()
    }

    fn problems(text: &str) -> Vec<ContentProblem> {
        parse(text, "supports.toml", &all_pictures).unwrap_err()
    }

    fn with(field_line: &str, replacement: &str) -> String {
        let found = GOOD
            .lines()
            .find(|l| l.starts_with(field_line))
            .unwrap_or_else(|| panic!("no line {field_line}"));
        GOOD.replace(found, replacement)
    }

    #[test]
    fn a_good_entry_parses_with_every_field() {
        let catalog = parse_ok(GOOD);
        let s = &catalog.items[0];
        assert_eq!(s.slug, "firm-lumbar-roll");
        assert_eq!(s.kind, Kind::LumbarRoll);
        assert_eq!(s.price.formatted(), "£19.99");
        assert_eq!(s.firmness, Firmness::Firm);
        assert_eq!(s.size_cm.formatted(), "33 × 12.5 × 12.5 cm");
        assert_eq!(s.contexts, vec![UseContext::OfficeChair, UseContext::Car]);
        assert!(s.adjustable.strap && s.adjustable.height);
        assert_eq!(s.fit(UseContext::OfficeChair), 10);
        assert_eq!(s.fit(UseContext::Car), 6);
        assert_eq!(s.fit(UseContext::Bed), 0);
    }

    #[test]
    fn a_bad_value_names_the_entry_the_field_and_the_line() {
        let errs = problems(&with("firmness", "firmness = \"rock-hard\""));
        assert_eq!(errs.len(), 1, "{errs:?}");
        let e = &errs[0];
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("\"firm-lumbar-roll\""), "{}", e.message);
        assert!(e.message.contains("`firmness`"), "{}", e.message);
        assert!(e.message.contains("rock-hard"), "{}", e.message);
    }

    #[test]
    fn wrong_types_missing_and_unknown_fields_name_the_field() {
        let errs = problems(&with("price", "price = \"£19.99\""));
        assert!(errs[0].message.contains("field `price`"), "{errs:?}");

        let errs = problems(&with("alt", ""));
        assert!(errs[0].message.contains("`alt`"), "{errs:?}");
        assert!(errs[0].message.contains("missing"), "{errs:?}");

        let errs = problems(&with("alt", "alt = \"x\"\nrating = 5"));
        assert!(errs[0].message.contains("`rating`"), "{errs:?}");
        assert!(errs[0].message.contains("\"firm-lumbar-roll\""), "{errs:?}");
    }

    #[test]
    fn every_bad_entry_is_reported_at_once() {
        let second = GOOD
            .replace("firm-lumbar-roll\"\nname", "soft-roll\"\nname")
            .replace("\"office-chair\", \"car\"", "\"kitchen\"");
        let text = format!("{}{}{}", with("kind", "kind = \"pillowish\""), second, GOOD);
        let errs = problems(&text);
        let messages: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`kind`") && m.contains("pillowish"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("\"soft-roll\"") && m.contains("kitchen"))
        );
        // The third entry repeats the first one's slug.
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`slug`") && m.contains("unique")),
            "{messages:?}"
        );
        assert_eq!(errs.len(), 3, "{messages:?}");
    }

    #[test]
    fn belts_braces_and_corsets_are_refused() {
        for name in ["Back support belt", "Lumbar brace", "Posture corset"] {
            let errs = problems(&with("name", &format!("name = \"{name}\"")));
            assert!(
                errs.iter()
                    .any(|e| e.message.contains("`name`") && e.message.contains("NICE NG59")),
                "{name}: {errs:?}"
            );
        }
    }

    #[test]
    fn treatment_claims_are_refused_in_any_text() {
        let errs = problems(&with(
            "pitch",
            "pitch = \"a roll that will cure your back pain\"",
        ));
        assert!(errs[0].message.contains("`pitch`") && errs[0].message.contains("\"cure\""));
        let errs = problems(&with("suits", "suits = [\"Anyone who wants pain relief\"]"));
        assert!(errs[0].message.contains("`suits`") && errs[0].message.contains("relief"));
    }

    #[test]
    fn claims_of_an_effect_on_the_back_are_refused_as_phrases() {
        for (pitch, said) in [
            ("a roll that takes pressure off your back", "pressure off"),
            ("a roll that supports the spine", "supports the spine"),
            ("it keeps the spine's  curve", "spine's curve"),
            (
                "helping you keep its natural inward curve",
                "natural inward curve",
            ),
            ("a cushion for PAIN-FREE sitting", "pain-free"),
        ] {
            let errs = problems(&with("pitch", &format!("pitch = \"{pitch}\"")));
            assert!(
                errs.iter()
                    .any(|e| e.message.contains("`pitch`") && e.message.contains(said)),
                "{pitch}: {errs:?}"
            );
        }
        let errs = problems(&with(
            "suits",
            "suits = [\"People who want less strain on the back\"]",
        ));
        assert!(errs[0].message.contains("\"strain\""), "{errs:?}");
        // Words that only look alike pass: "pressure care", "a gentle curve".
        parse_ok(&with(
            "suits",
            "suits = [\"Not for pressure care\", \"A gentle curve\"]",
        ));
    }

    /// GOOD with `not_for` and `not_for_worse` replaced.
    fn with_not_for(not_for: &str, not_for_worse: &str) -> String {
        with("not_for =", &format!("not_for = {not_for}")).replace(
            "not_for_worse = []",
            &format!("not_for_worse = {not_for_worse}"),
        )
    }

    #[test]
    fn not_for_worse_takes_the_routines_worse_answers() {
        let text = with_not_for(
            "[\"People whose pain is worse arching the back\", \"Anyone worse when sitting: try a cushion\"]",
            "[\"arching_back\", \"sitting\"]",
        );
        let catalog = parse_ok(&text);
        assert_eq!(
            catalog.items[0].not_for_worse,
            [Worse::ArchingBack, Worse::Sitting]
        );
        assert_eq!(parse_ok(GOOD).items[0].not_for_worse, []);
    }

    #[test]
    fn an_unknown_or_repeated_not_for_worse_value_is_refused_with_its_line() {
        let text = format!(
            "{GOOD}{}",
            with_not_for(
                "[\"People whose pain is worse arching the back\"]",
                "[\"arching\", \"arching_back\", \"arching_back\"]",
            )
            .replace("firm-lumbar-roll\"\nname", "second\"\nname")
        );
        let errs = problems(&text);
        assert_eq!(errs.len(), 2, "{errs:?}");
        for e in &errs {
            assert_eq!(e.line, Some(24), "{e:?}");
            assert!(
                e.message
                    .contains("support \"second\", field `not_for_worse`")
            );
        }
        assert!(
            errs[0]
                .message
                .contains("\"arching\" is not a `worse` answer")
        );
        assert!(errs[0].message.contains("arching_back"), "lists the values");
        assert!(errs[1].message.contains("twice"), "{errs:?}");
        // And it is required, so no product is left unconsidered.
        let errs = problems(&GOOD.replace("not_for_worse = []\n", ""));
        assert!(errs[0].message.contains("`not_for_worse`"), "{errs:?}");
    }

    #[test]
    fn not_for_worse_and_the_not_for_text_must_agree() {
        // Listed, but no line explains it.
        let errs = problems(&with_not_for(
            "[\"People who dislike firm things\"]",
            "[\"lying_down\"]",
        ));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("`not_for_worse`"));
        assert!(
            errs[0]
                .message
                .contains("\"lying_down\" but no `not_for` line")
        );
        // A line says who finds it worse, but the answer is not listed.
        let errs = problems(&with_not_for(
            "[\"Anyone whose back feels worse when arched.\"]",
            "[]",
        ));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0]
                .message
                .contains("list arching_back in `not_for_worse`")
        );
        // One named answer listed is enough: "worse with more arch when
        // lying down" is about arching, not about lying down.
        parse_ok(&with_not_for(
            "[\"Anyone whose back feels worse with more arch when lying down.\"]",
            "[\"arching_back\"]",
        ));
        // "Worse" about something that is not an answer needs no value.
        parse_ok(&with_not_for("[\"Seats that are worse for it\"]", "[]"));
    }

    #[test]
    fn the_shipped_catalog_marks_what_its_not_for_lines_say() {
        let catalog = crate::supports::shipped_catalog();
        let marked: Vec<(&str, &[Worse])> = catalog
            .items
            .iter()
            .filter(|s| !s.not_for_worse.is_empty())
            .map(|s| (s.slug.as_str(), s.not_for_worse.as_slice()))
            .collect();
        assert_eq!(
            marked,
            [
                ("firm-lumbar-roll", &[Worse::ArchingBack][..]),
                ("sleeping-lumbar-pillow", &[Worse::ArchingBack][..]),
                ("strap-on-chair-support", &[Worse::ArchingBack][..]),
            ]
        );
        // Each product says plainly that supports are not shown to help
        // back pain.
        for s in &catalog.items {
            assert!(
                s.not_for
                    .iter()
                    .any(|line| line.contains("no good evidence that supports do")),
                "{}",
                s.slug
            );
        }
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_units_explained() {
        let errs = problems(&with("price", "price = 0"));
        assert!(errs[0].message.contains("pence"), "{errs:?}");
        let errs = problems(&with("weight_g", "weight_g = 0"));
        assert!(errs[0].message.contains("`weight_g`"), "{errs:?}");
        let errs = problems(&with(
            "size_cm",
            "size_cm = { width = 330, depth = 12, height = 12 }",
        ));
        assert!(errs[0].message.contains("`size_cm.width`"), "{errs:?}");
        let errs = problems(&with("currency", "currency = \"USD\""));
        assert!(errs[0].message.contains("`currency`"), "{errs:?}");
    }

    #[test]
    fn a_missing_picture_is_refused() {
        let errs = parse(GOOD, "supports.toml", &|_| false).unwrap_err();
        assert!(errs[0].message.contains("`picture`"), "{errs:?}");
        assert!(
            errs[0]
                .message
                .contains("static/supports/firm-lumbar-roll.svg")
        );
        let errs = problems(&with("picture", "picture = \"../secret.svg\""));
        assert!(errs[0].message.contains("`picture`"), "{errs:?}");
    }

    #[test]
    fn pitch_must_complete_a_sentence() {
        let errs = problems(&with("pitch", "pitch = \"A firm roll.\""));
        assert!(errs[0].message.contains("`pitch`"), "{errs:?}");
    }

    #[test]
    fn toml_syntax_errors_carry_a_line() {
        let errs = problems("[[support]]\nslug = \"a\nname = 1\n");
        assert_eq!(errs.len(), 1);
        assert!(errs[0].line.is_some());
    }
}
