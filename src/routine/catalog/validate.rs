//! The validation pass: what the types of [`super::raw`] cannot say about
//! one entry (texts not empty, a summary that fits, nothing listed twice, a
//! load that matches the equipment, doses that never get easier, the
//! picture), then the checks across entries (`instead`, the variant links in
//! [`super::variants`], and what the planner needs in [`super::coverage`]).

use std::collections::HashSet;

use super::raw::{self, RawAvoided, RawDosage, RawEntry, RawExercise};
use super::variants::{Direction, Link};
use super::{
    AvoidedMove, Catalog, Category, Dosage, Dose, DoseUnit, Equipment, Exercise, Illustration, Load,
};
use crate::content::{ContentProblem, SUMMARY_MAX, is_slug, line_of};

/// Which entry a problem belongs to.
pub(super) struct At<'a> {
    pub who: &'a str,
    pub line: usize,
}

/// Collects problems while turning written entries into checked ones.
pub(super) struct Checker<'a> {
    pub file: &'a str,
    pub problems: Vec<ContentProblem>,
}

/// Reads and checks the whole catalog text, reporting every problem.
pub(super) fn catalog(
    text: &str,
    file: &str,
    has_asset: &dyn Fn(&str) -> bool,
) -> Result<Catalog, Vec<ContentProblem>> {
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    let Some(written) = raw::read(text, file, &mut check.problems) else {
        return Err(check.problems);
    };
    let mut catalog = Catalog::default();
    let mut seen = HashSet::new();
    let mut pending_instead = Vec::new();
    // Parallel to `catalog.exercises`, for problems found after parsing.
    let mut exercise_lines = Vec::new();
    // Every `easier` and `harder`, checked once all entries are read.
    let mut links = Vec::new();
    for written in &written {
        let at = At {
            who: &written.who,
            line: written.line,
        };
        if let Some(slug) = &written.slug
            && !seen.insert(slug.clone())
        {
            check.field(&at, "slug", format!("`{slug}` is used by an earlier entry"));
        }
        match &written.entry {
            // Serde's problem is reported already.
            None => {}
            Some(RawEntry::Avoided(entry)) => {
                if let Some(avoided) = check.avoided(&at, entry) {
                    pending_instead.push((written.line, &written.who, avoided.instead.clone()));
                    catalog.avoided.push(avoided);
                }
            }
            Some(RawEntry::Exercise(entry)) => {
                if let Some(exercise) = check.exercise(&at, entry, has_asset) {
                    for (direction, value) in [
                        (Direction::Easier, &entry.easier),
                        (Direction::Harder, &entry.harder),
                    ] {
                        if let Some(value) = value {
                            links.push(Link {
                                from: exercise.slug.clone(),
                                direction,
                                line: line_of(text, value.span().start),
                            });
                        }
                    }
                    catalog.exercises.push(exercise);
                    exercise_lines.push(written.line);
                }
            }
        }
    }
    for (line, who, instead) in pending_instead {
        let at = At { who, line };
        for slug in instead {
            if catalog.exercise(&slug).is_none() {
                check.field(
                    &at,
                    "instead",
                    format!("`{slug}` is not an exercise in this catalog that may be prescribed"),
                );
            }
        }
    }
    check.variants(&catalog, &links, &seen);
    if check.problems.is_empty() {
        check.coverage(&catalog);
        check.added_by_the_planner(&catalog, &exercise_lines);
    }
    if check.problems.is_empty() {
        Ok(catalog)
    } else {
        Err(check.problems)
    }
}

impl Checker<'_> {
    pub(super) fn field(&mut self, at: &At<'_>, field: &str, message: String) {
        self.problems.push(ContentProblem {
            file: self.file.to_owned(),
            line: Some(at.line),
            message: format!("{}: field `{field}`: {message}", at.who),
        });
    }

    /// A required text, trimmed.
    fn text(&mut self, at: &At<'_>, field: &str, value: &str) -> Option<String> {
        let text = value.trim();
        if text.is_empty() {
            self.field(at, field, "must not be empty".to_owned());
            return None;
        }
        Some(text.to_owned())
    }

    /// A list of at least `min` texts, each trimmed.
    fn texts(
        &mut self,
        at: &At<'_>,
        field: &str,
        items: &[String],
        min: usize,
    ) -> Option<Vec<String>> {
        if items.iter().any(|s| s.trim().is_empty()) {
            self.field(at, field, "has an empty item".to_owned());
            return None;
        }
        if items.len() < min {
            self.field(at, field, format!("needs at least {min} item(s)"));
            return None;
        }
        Some(items.iter().map(|s| s.trim().to_owned()).collect())
    }

    /// A list of vocabulary values, none twice.
    fn distinct<T: Copy + PartialEq + std::fmt::Display>(
        &mut self,
        at: &At<'_>,
        field: &str,
        items: &[T],
    ) -> Option<Vec<T>> {
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            if out.contains(item) {
                self.field(at, field, format!("`{item}` is listed twice"));
                ok = false;
            } else {
                out.push(*item);
            }
        }
        ok.then_some(out)
    }

    fn slug(&mut self, at: &At<'_>, value: &str) -> Option<String> {
        let slug = self.text(at, "slug", value)?;
        if !is_slug(&slug) {
            self.field(
                at,
                "slug",
                "use lowercase letters, digits and single hyphens".to_owned(),
            );
            return None;
        }
        Some(slug)
    }

    fn summary(&mut self, at: &At<'_>, value: &str) -> Option<String> {
        let summary = self.text(at, "summary", value)?;
        if summary.chars().count() > SUMMARY_MAX {
            self.field(
                at,
                "summary",
                format!("is longer than {SUMMARY_MAX} characters"),
            );
            return None;
        }
        Some(summary)
    }

    fn avoided(&mut self, at: &At<'_>, raw: &RawAvoided) -> Option<AvoidedMove> {
        let slug = self.slug(at, &raw.slug);
        let name = self.text(at, "name", &raw.name);
        let summary = self.summary(at, &raw.summary);
        let tags = self.distinct(at, "tags", &raw.tags);
        let reason = self.text(at, "avoid_reason", &raw.avoid_reason);
        let instead = self.texts(at, "instead", &raw.instead, 1);
        Some(AvoidedMove {
            slug: slug?,
            name: name?,
            summary: summary?,
            category: raw.category,
            tags: tags?,
            reason: reason?,
            instead: instead?,
        })
    }

    fn exercise(
        &mut self,
        at: &At<'_>,
        raw: &RawExercise,
        has_asset: &dyn Fn(&str) -> bool,
    ) -> Option<Exercise> {
        let slug = self.slug(at, &raw.slug);
        let name = self.text(at, "name", &raw.name);
        let summary = self.summary(at, &raw.summary);
        let category = raw.category;
        let equipment = self.distinct(at, "equipment", &raw.equipment);
        let equipment_any = self.distinct(at, "equipment_any", &raw.equipment_any);
        if raw.equipment_any.len() == 1 {
            self.field(
                at,
                "equipment_any",
                "lists choices, so it needs two or more items (put a single item in `equipment`)"
                    .to_owned(),
            );
        }
        let load = raw.load;
        let needs = |e: Equipment| raw.equipment.contains(&e);
        let consistent = match load {
            Load::Bodyweight => !needs(Equipment::Machines) && !needs(Equipment::Dumbbells),
            Load::Machine => needs(Equipment::Machines),
            Load::FreeWeight => needs(Equipment::Dumbbells),
        };
        if !consistent {
            self.field(
                at,
                "load",
                format!(
                    "`{load}` does not match the equipment (machine needs `machines`, free-weight needs `dumbbells`, bodyweight needs neither)"
                ),
            );
        }
        let tags = self.distinct(at, "tags", &raw.tags);
        let intensity = match raw.intensity {
            n @ 1..=3 => u8::try_from(n).ok(),
            n => {
                self.field(at, "intensity", format!("must be 1, 2 or 3, not {n}"));
                None
            }
        };
        let steps = self.texts(at, "steps", &raw.steps, 2);
        let safety = self.text(at, "safety", &raw.safety);
        if let (Category::Strength, Some(safety)) = (category, &safety) {
            let lower = safety.to_lowercase();
            if !(lower.contains("brace") && lower.contains("abdominal")) {
                self.field(
                    at,
                    "safety",
                    "a strength exercise's safety cue must tell people to brace their abdominals first"
                        .to_owned(),
                );
            }
        }
        let dosage = self.dosage(at, &raw.dosage, category);
        let why = self.text(at, "why", &raw.why);
        let cautions = self.texts(at, "cautions", &raw.cautions, 1);
        let illustration = self.illustration(at, raw, slug.as_deref(), has_asset);
        let bad: Vec<&String> = raw.guides.iter().filter(|g| !is_slug(g)).collect();
        let guides = bad.is_empty().then(|| raw.guides.clone());
        if !bad.is_empty() {
            self.field(at, "guides", format!("{bad:?} are not guide slugs"));
        }
        let family = match &raw.family {
            Some(name) if !is_slug(name) => {
                self.field(
                    at,
                    "family",
                    format!("`{name}` is not a lowercase, hyphenated name"),
                );
                None
            }
            other => Some(other.clone()),
        };
        // Whether these name a fitting exercise is checked once every
        // entry is read (`variants`).
        let link = |value: &Option<toml::Spanned<String>>| {
            value.as_ref().map(|slug| slug.get_ref().trim().to_owned())
        };
        Some(Exercise {
            slug: slug?,
            name: name?,
            summary: summary?,
            category,
            equipment: equipment?,
            equipment_any: equipment_any?,
            load,
            tags: tags?,
            intensity: intensity?,
            position: raw.position,
            balance: raw.balance,
            steps: steps?,
            safety: safety?,
            dosage: dosage?,
            why: why?,
            cautions: cautions?,
            illustration: illustration?,
            cooldown: raw.cooldown,
            family: family?,
            easier: link(&raw.easier),
            harder: link(&raw.harder),
            guides: guides?,
        })
    }

    fn illustration(
        &mut self,
        at: &At<'_>,
        raw: &RawExercise,
        slug: Option<&str>,
        has_asset: &dyn Fn(&str) -> bool,
    ) -> Option<Illustration> {
        let path = self.text(at, "illustration", &raw.illustration);
        let alt = self.text(at, "alt", &raw.alt);
        let path = path?;
        if let Some(slug) = slug {
            let expected = format!("exercises/{slug}.svg");
            if path != expected {
                self.field(
                    at,
                    "illustration",
                    format!("must be `{expected}` (the picture is named after the slug)"),
                );
                return None;
            }
        }
        if !has_asset(&path) {
            self.field(at, "illustration", format!("static/{path} does not exist"));
            return None;
        }
        Some(Illustration { path, alt: alt? })
    }

    fn dosage(&mut self, at: &At<'_>, raw: &RawDosage, category: Category) -> Option<Dosage> {
        let unit = raw.unit;
        if category == Category::Cardio && unit != DoseUnit::Minutes {
            self.field(at, "dosage.unit", "cardio is counted in minutes".to_owned());
            return None;
        }
        let weeks = &raw.weeks;
        if weeks.len() != 4 {
            self.field(
                at,
                "dosage.weeks",
                format!("needs exactly 4 weeks, found {}", weeks.len()),
            );
            return None;
        }
        let width = if unit == DoseUnit::Minutes { 1 } else { 2 };
        let mut doses = Vec::new();
        for (i, week) in weeks.iter().enumerate() {
            let numbers: Option<Vec<u16>> = week
                .iter()
                .map(|n| u16::try_from(*n).ok().filter(|n| (1..=120).contains(n)))
                .collect();
            let Some(numbers) = numbers.filter(|n| n.len() == width) else {
                let shape = match unit {
                    DoseUnit::Reps => "[sets, reps]",
                    DoseUnit::Hold => "[seconds, reps]",
                    DoseUnit::Minutes => "[minutes]",
                };
                self.field(
                    at,
                    "dosage.weeks",
                    format!("week {} must be {shape}, each number from 1 to 120", i + 1),
                );
                return None;
            };
            doses.push(match unit {
                DoseUnit::Reps => Dose::Reps {
                    sets: numbers[0],
                    reps: numbers[1],
                },
                DoseUnit::Hold => Dose::Hold {
                    seconds: numbers[0],
                    reps: numbers[1],
                },
                DoseUnit::Minutes => Dose::Minutes {
                    minutes: numbers[0],
                },
            });
        }
        if doses.windows(2).any(|w| w[1].volume() < w[0].volume()) {
            self.field(
                at,
                "dosage.weeks",
                "a week must not be easier than the week before".to_owned(),
            );
            return None;
        }
        let weeks: [Dose; 4] = doses.try_into().ok()?;
        Some(Dosage {
            unit,
            per_side: raw.per_side,
            weeks,
        })
    }
}
