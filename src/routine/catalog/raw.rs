//! The catalog file as written: each `[[exercise]]` entry read on its own
//! into typed structs, so serde refuses a missing field, an unknown key, a
//! wrong type or a value outside a closed vocabulary, and one bad entry does
//! not hide the problems of the others. Serde's message is turned into the
//! catalog's own words, with the line of the value (or of the entry, for a
//! missing field).

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{Category, DoseUnit, Equipment, Load, Position, Tag};
use crate::content::{ContentProblem, from_toml, line_of};

/// The file's shape: nothing but `[[exercise]]` entries (each read below).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Shape {
    #[serde(default, rename = "exercise")]
    _exercise: Vec<IgnoredAny>,
}

/// Which kind of entry this is; read before the entry itself.
#[derive(Deserialize)]
struct Avoid {
    #[serde(default)]
    avoid: bool,
}

/// An exercise the planner may prescribe, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExercise {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub category: Category,
    pub equipment: Vec<Equipment>,
    #[serde(default)]
    pub equipment_any: Vec<Equipment>,
    pub load: Load,
    pub tags: Vec<Tag>,
    /// Checked to be 1, 2 or 3 (a wider type, so the message can say so).
    pub intensity: i64,
    pub position: Position,
    pub balance: bool,
    pub steps: Vec<String>,
    pub safety: String,
    pub dosage: RawDosage,
    pub why: String,
    pub cautions: Vec<String>,
    pub illustration: String,
    pub alt: String,
    #[serde(default)]
    pub cooldown: bool,
    pub family: Option<String>,
    pub easier: Option<Spanned<String>>,
    pub harder: Option<Spanned<String>>,
    #[serde(default)]
    pub guides: Vec<String>,
    /// `avoid = false` may be written out; `true` makes a [`RawAvoided`].
    #[serde(default, rename = "avoid")]
    _avoid: IgnoredAny,
}

/// A move on the avoid-list, as written: never prescribed, so it has none of
/// an exercise's fields for doing it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAvoided {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub category: Category,
    pub tags: Vec<Tag>,
    pub avoid_reason: String,
    pub instead: Vec<String>,
    /// Always `true` here.
    #[serde(rename = "avoid")]
    _avoid: IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDosage {
    pub unit: DoseUnit,
    /// Checked against the unit's shape, so the message can name it.
    pub weeks: Vec<Vec<i64>>,
    #[serde(default)]
    pub per_side: bool,
}

#[derive(Debug)]
pub(super) enum RawEntry {
    Exercise(Box<RawExercise>),
    Avoided(RawAvoided),
}

/// One `[[exercise]]` entry: who it is in messages, where it starts, and
/// what it holds if serde could read it (if not, its problem is reported).
#[derive(Debug)]
pub(super) struct Written {
    pub who: String,
    pub line: usize,
    /// The slug as written, when it is a string: duplicates are found even
    /// among entries with other problems.
    pub slug: Option<String>,
    pub entry: Option<RawEntry>,
}

/// Fields only an exercise has; on an avoided move they get an explanation.
const EXERCISE_ONLY: [&str; 15] = [
    "steps",
    "dosage",
    "cooldown",
    "family",
    "position",
    "balance",
    "easier",
    "harder",
    "equipment",
    "equipment_any",
    "load",
    "intensity",
    "safety",
    "why",
    "cautions",
];

/// Reads every entry of the catalog text, adding problems to `problems`;
/// `None` when the file as a whole cannot be read (bad TOML, a key other
/// than `exercise`).
pub(super) fn read(
    text: &str,
    file: &str,
    problems: &mut Vec<ContentProblem>,
) -> Option<Vec<Written>> {
    let whole = from_toml::<Shape>(text, file).and_then(|_| {
        DeTable::parse(text).map_err(|err| ContentProblem {
            file: file.to_owned(),
            line: err.span().map(|span| line_of(text, span.start)),
            message: err.message().trim().to_owned(),
        })
    });
    let doc = match whole {
        Ok(doc) => doc,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let items = match doc.get_ref().get("exercise").map(|v| v.get_ref()) {
        Some(DeValue::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    Some(
        items
            .into_iter()
            .enumerate()
            .map(|(index, item)| read_entry(text, file, index, item, problems))
            .collect(),
    )
}

fn read_entry(
    text: &str,
    file: &str,
    index: usize,
    item: &Spanned<DeValue<'_>>,
    problems: &mut Vec<ContentProblem>,
) -> Written {
    let line = line_of(text, item.span().start);
    let slug = item
        .get_ref()
        .get("slug")
        .and_then(|v| v.get_ref().as_str())
        .map(str::to_owned);
    let who = match slug.as_deref() {
        Some(slug) if !slug.trim().is_empty() => format!("exercise `{slug}`"),
        _ => format!("exercise #{} (no slug)", index + 1),
    };
    let read = || ValueDeserializer::from(item.clone());
    let entry = match Avoid::deserialize(read()) {
        Err(err) => Err((false, err)),
        Ok(Avoid { avoid: true }) => RawAvoided::deserialize(read())
            .map(RawEntry::Avoided)
            .map_err(|err| (true, err)),
        Ok(Avoid { avoid: false }) => RawExercise::deserialize(read())
            .map(|raw| RawEntry::Exercise(Box::new(raw)))
            .map_err(|err| (false, err)),
    };
    let entry = match entry {
        Ok(entry) => Some(entry),
        Err((avoided, err)) => {
            let (field, message) = explain(item.get_ref(), avoided, &err);
            let line = err.span().map_or(line, |span| line_of(text, span.start));
            let message = match field {
                Some(field) => format!("{who}: field `{field}`: {message}"),
                None => format!("{who}: {message}"),
            };
            problems.push(ContentProblem {
                file: file.to_owned(),
                line: Some(line),
                message,
            });
            None
        }
    };
    Written {
        who,
        line,
        slug,
        entry,
    }
}

/// Serde's error about one entry as the field it is about (a dotted path,
/// `dosage.unit`) and a message in the catalog's words.
fn explain(entry: &DeValue<'_>, avoided: bool, err: &toml::de::Error) -> (Option<String>, String) {
    let message = err.message().trim();
    let mut path = err
        .span()
        .map(|span| field_path(entry, span.start))
        .unwrap_or_default();
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    let field = |path: &[String]| (!path.is_empty()).then(|| path.join("."));
    if let Some(name) = quoted("missing field `") {
        path.push(name);
        let field = path.join(".");
        let hint = match field.as_str() {
            "equipment" | "tags" => " (write [] if there are none)",
            "balance" => " (true if the move needs balance without holding on, else false)",
            _ => "",
        };
        return (Some(field), format!("is missing{hint}"));
    }
    if let Some(name) = quoted("unknown field `") {
        let explained = if avoided && path.len() == 1 && EXERCISE_ONLY.contains(&name.as_str()) {
            "an avoided move is never prescribed, so it has no steps, dosage, position, balance, cool-down role, easier and harder variants or any other field of an exercise".to_owned()
        } else if !avoided && (name == "avoid_reason" || name == "instead") {
            "`avoid_reason` and `instead` belong only to entries with `avoid = true`".to_owned()
        } else {
            message.to_owned()
        };
        return (field(&path), explained);
    }
    if path == ["intensity"] && message.starts_with("invalid type") {
        return (field(&path), format!("must be 1, 2 or 3 ({message})"));
    }
    if let Some(value) = quoted("unknown variant `") {
        let vocabulary = match path.join(".").as_str() {
            "category" => Some(("category", Category::names())),
            "equipment" | "equipment_any" => Some(("equipment", Equipment::names())),
            "load" => Some(("load", Load::names())),
            "tags" => Some(("tag", Tag::names())),
            "position" => Some(("position", Position::names())),
            "dosage.unit" => Some(("unit", DoseUnit::names())),
            _ => None,
        };
        if let Some((what, names)) = vocabulary {
            return (
                field(&path),
                format!("unknown {what} `{value}` (use {names})"),
            );
        }
    }
    (field(&path), message.to_owned())
}

/// The keys leading to the byte `offset` inside `value`: `["dosage", "unit"]`
/// for a bad unit, `["colour"]` for an unknown key. Empty when the offset
/// is outside every key and value (serde points at the entry's header for a
/// missing field).
fn field_path(value: &DeValue<'_>, offset: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut here = value;
    'down: while let Some(table) = here.as_table() {
        for (key, value) in table.iter() {
            if key.span().contains(&offset) {
                path.push(key.get_ref().to_string());
                break 'down;
            }
            if value.span().contains(&offset) {
                path.push(key.get_ref().to_string());
                here = value.get_ref();
                continue 'down;
            }
        }
        break;
    }
    path
}
