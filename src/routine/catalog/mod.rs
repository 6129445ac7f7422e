//! The exercise library, `content/exercises.toml`: parsed, checked and held
//! in memory. Every entry is either an exercise the planner may prescribe or
//! a move from the avoid-list, catalogued so plans can name it with a reason.
//!
//! Loading works like the supports catalog's: each entry is read on its own
//! into typed structs (unknown keys and values refused by serde, with the
//! line they are on; see [`raw`]), then one validation pass checks what types
//! cannot say ([`validate`], the `easier`/`harder` links in [`variants`], and
//! what the planner needs from the whole catalog in [`coverage`]). Every
//! problem is reported at once, naming the entry (its slug, or its position
//! when the slug is missing), the field and the line.

mod coverage;
mod raw;
mod validate;
mod variants;

#[cfg(test)]
mod shipped_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::{ContentProblem, SearchDocument};
use crate::routine::planner::{NERVE_GLIDE, PELVIC_FLOOR};

pub const FILE: &str = "exercises.toml";

/// Exercises the planner adds to every session of some plans (the pelvic
/// floor squeeze in pregnancy and after birth, the nerve glide for
/// sciatica) and never picks otherwise. The loader refuses a catalog where
/// one is missing or could be filtered out of any plan (see
/// `coverage::added_by_the_planner`), and does not count them as choices for
/// the coverage rule.
pub const ADDED_BY_THE_PLANNER: [&str; 2] = [PELVIC_FLOOR, NERVE_GLIDE];

vocab!(
    /// What part of a routine an exercise belongs to.
    Category {
        Warmup = "warmup", "Warm-up";
        Core = "core", "Core";
        Strength = "strength", "Strength";
        Stretch = "stretch", "Stretch";
        Cardio = "cardio", "Low-impact cardio";
    }
);

vocab!(
    /// Equipment a person may have. The same names are used by the routine
    /// form (`equipment=`) and by the catalog.
    Equipment {
        Wall = "wall", "A clear wall";
        Towel = "towel", "A towel or strap";
        Ball = "ball", "An exercise ball";
        Mat = "mat", "An exercise mat";
        Machines = "machines", "Gym weight machines and a weight bench";
        Dumbbells = "dumbbells", "Dumbbells";
        Pool = "pool", "A swimming pool";
        CardioMachine = "cardio_machine", "A cardio machine (elliptical trainer or step machine)";
    }
);

vocab!(
    /// What the muscles work against.
    Load {
        Bodyweight = "bodyweight", "Your own body weight";
        Machine = "machine", "A weight machine";
        FreeWeight = "free-weight", "Free weights";
    }
);

vocab!(
    /// How a move loads the spine; the planner filters on these.
    Tag {
        Flexion = "flexion", "Bends the back forward";
        Extension = "extension", "Arches the back";
        Rotation = "rotation", "Twists the back";
        Overhead = "overhead", "Lifts weight above the head";
        Impact = "impact", "Jolts the spine (high impact)";
        HeavyLoad = "heavy-load", "Puts a heavy load on the spine";
    }
);

vocab!(
    /// The body's main position during an exercise. Plans for some people
    /// leave positions out (no lying on the back or front in pregnancy).
    Position {
        Standing = "standing", "Standing";
        Sitting = "sitting", "Sitting";
        LyingBack = "lying-back", "Lying on your back";
        LyingFront = "lying-front", "Lying on your front";
        SideLying = "side-lying", "Lying on your side";
        Kneeling = "kneeling", "Kneeling or on all fours";
        Water = "water", "In water";
    }
);

impl Position {
    /// Lying on the back or the front: left out of plans in pregnancy.
    pub fn lies_on_back_or_front(self) -> bool {
        matches!(self, Position::LyingBack | Position::LyingFront)
    }
}

vocab!(
    /// How a dosage is counted.
    DoseUnit {
        Reps = "reps", "sets and repetitions";
        Hold = "hold", "seconds held and repetitions";
        Minutes = "minutes", "minutes";
    }
);

/// One week's amount of an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "unit")]
pub enum Dose {
    Reps { sets: u16, reps: u16 },
    Hold { seconds: u16, reps: u16 },
    Minutes { minutes: u16 },
}

/// Seconds one repetition of a strength or core move takes, rest included.
pub const SECONDS_PER_REP: u32 = 4;
/// Rest between sets.
pub const REST_BETWEEN_SETS: u32 = 30;
/// Getting into position, reading the card.
pub const SETUP_SECONDS: u32 = 15;
/// Time to let go and settle between holds.
pub const SECONDS_BETWEEN_HOLDS: u32 = 5;

impl Dose {
    /// The dose in words, e.g. `2 sets of 8 on each side`.
    pub fn text(self, per_side: bool) -> String {
        let side = if per_side { " on each side" } else { "" };
        match self {
            Dose::Reps { sets, reps } => {
                let sets_word = if sets == 1 { "set" } else { "sets" };
                format!("{sets} {sets_word} of {reps}{side}")
            }
            Dose::Hold { seconds, reps } => {
                let times = if reps == 1 { "once" } else { "times" };
                if reps == 1 {
                    format!("hold for {seconds} seconds, {times}{side}")
                } else {
                    format!("hold for {seconds} seconds, {reps} {times}{side}")
                }
            }
            Dose::Minutes { minutes } => {
                let word = if minutes == 1 { "minute" } else { "minutes" };
                format!("{minutes} {word}")
            }
        }
    }

    /// Estimated time in seconds, including set-up and rests.
    pub fn seconds(self, per_side: bool) -> u32 {
        let sides = if per_side { 2 } else { 1 };
        match self {
            Dose::Reps { sets, reps } => {
                let (sets, reps) = (u32::from(sets), u32::from(reps));
                sets * reps * SECONDS_PER_REP * sides
                    + sets.saturating_sub(1) * REST_BETWEEN_SETS
                    + SETUP_SECONDS
            }
            Dose::Hold { seconds, reps } => {
                u32::from(reps) * (u32::from(seconds) + SECONDS_BETWEEN_HOLDS) * sides
                    + SETUP_SECONDS
            }
            Dose::Minutes { minutes } => u32::from(minutes) * 60,
        }
    }

    /// Estimated whole minutes (rounded up, at least one).
    pub fn minutes(self, per_side: bool) -> u32 {
        self.seconds(per_side).div_ceil(60).max(1)
    }

    /// How much work this is, to compare doses of the same exercise.
    pub fn volume(self) -> u32 {
        match self {
            Dose::Reps { sets, reps } => u32::from(sets) * u32::from(reps),
            Dose::Hold { seconds, reps } => u32::from(seconds) * u32::from(reps),
            Dose::Minutes { minutes } => u32::from(minutes),
        }
    }

    /// A lighter start than week 1, for people who were not active before
    /// the pain or whose pain is high: one set, fewer repetitions, shorter
    /// holds and shorter cardio. Never below a small useful amount, and never
    /// more than the dose it comes from.
    pub fn lighter(self) -> Dose {
        match self {
            Dose::Reps { reps, .. } => Dose::Reps {
                sets: 1,
                reps: reps.saturating_sub(2).max(3).min(reps),
            },
            Dose::Hold { seconds, reps } => Dose::Hold {
                seconds: seconds.saturating_sub(5).max(5).min(seconds),
                reps: reps.saturating_sub(2).max(2).min(reps),
            },
            Dose::Minutes { minutes } => Dose::Minutes {
                minutes: (minutes * 2 / 3).max(3).min(minutes),
            },
        }
    }
}

/// The four-week progression of one exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dosage {
    pub unit: DoseUnit,
    /// Repetitions or holds are done on the left and on the right.
    pub per_side: bool,
    /// Weeks 1 to 4.
    pub weeks: [Dose; 4],
}

/// A picture of the exercise in `static/`, with its alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Illustration {
    /// Path under `static/`, e.g. `exercises/bridge.svg`.
    pub path: String,
    pub alt: String,
}

/// An exercise the planner may prescribe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub slug: String,
    pub name: String,
    /// One or two sentences for lists and the page description.
    pub summary: String,
    pub category: Category,
    /// Every item here is needed.
    pub equipment: Vec<Equipment>,
    /// At least one of these is needed (empty: no such choice).
    pub equipment_any: Vec<Equipment>,
    pub load: Load,
    pub tags: Vec<Tag>,
    /// 1 (easiest) to 3.
    pub intensity: u8,
    pub position: Position,
    /// Needs balance without holding on to anything (a lunge, sitting on a
    /// ball): left out for people at risk of falls.
    pub balance: bool,
    pub steps: Vec<String>,
    /// The one thing to do first (for strength: brace the abdominals).
    pub safety: String,
    pub dosage: Dosage,
    pub why: String,
    pub cautions: Vec<String>,
    pub illustration: Illustration,
    /// Calm enough to end a session with.
    pub cooldown: bool,
    /// Variations of one move share a family (e.g. the push-ups); a
    /// session has at most one of each family.
    pub family: Option<String>,
    /// The same move made easier: the slug of an exercise in this catalog
    /// that may be prescribed. See [`Exercise::harder`] for what the loader
    /// makes sure of.
    pub easier: Option<String>,
    /// The same move made harder. The loader makes sure that every link
    /// points at another exercise that may be prescribed, in the same
    /// category and family, with the intensity going the right way, linked
    /// back the other way, with no loop; that neither end is one the
    /// planner adds to every session; and that a swap keeps the tags and
    /// the cool-down role, never adds weights, and never adds balance on
    /// the way down. A harder variant needs no equipment the easier one
    /// does not. It may need balance or a lying position, and an easier
    /// one may need a wall or a towel: whoever swaps one in must still ask
    /// the planner's `Profile::allows` (see `variants::check`).
    pub harder: Option<String>,
    /// Slugs of guides about this exercise (checked against the guides by
    /// whoever joins the two catalogs).
    pub guides: Vec<String>,
}

impl Exercise {
    /// Can this be done with `have`?
    pub fn fits(&self, have: &BTreeSet<Equipment>) -> bool {
        self.equipment.iter().all(|e| have.contains(e))
            && (self.equipment_any.is_empty()
                || self.equipment_any.iter().any(|e| have.contains(e)))
    }

    pub fn has_tag(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }

    /// Uses weight machines or free weights.
    pub fn uses_weights(&self) -> bool {
        self.load != Load::Bodyweight
    }

    /// Does it use this item at all (needed or one of the choices)?
    pub fn uses(&self, item: Equipment) -> bool {
        self.equipment.contains(&item) || self.equipment_any.contains(&item)
    }

    /// What is needed, in words: `A towel or strap, or a clear wall`.
    pub fn equipment_text(&self) -> String {
        let mut parts: Vec<String> = self
            .equipment
            .iter()
            .map(|e| e.label().to_owned())
            .collect();
        if !self.equipment_any.is_empty() {
            let any: Vec<&str> = self.equipment_any.iter().map(|e| e.label()).collect();
            parts.push(crate::routine::join_or(&any));
        }
        if parts.is_empty() {
            "Nothing".to_owned()
        } else {
            parts.join(", plus ")
        }
    }
}

/// A move on the avoid-list: never prescribed, named in plans with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvoidedMove {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub category: Category,
    pub tags: Vec<Tag>,
    /// Why it is left out, in plain words.
    pub reason: String,
    /// Slugs of exercises to do instead.
    pub instead: Vec<String>,
}

/// Either kind of catalog entry.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Exercise(&'a Exercise),
    Avoided(&'a AvoidedMove),
}

/// The whole library, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    exercises: Vec<Exercise>,
    avoided: Vec<AvoidedMove>,
}

impl Catalog {
    /// Exercises that may be prescribed, in file order.
    pub fn exercises(&self) -> &[Exercise] {
        &self.exercises
    }

    /// The avoid-list, in file order.
    pub fn avoided(&self) -> &[AvoidedMove] {
        &self.avoided
    }

    pub fn exercise(&self, slug: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.slug == slug)
    }

    pub fn entry(&self, slug: &str) -> Option<Entry<'_>> {
        self.exercise(slug).map(Entry::Exercise).or_else(|| {
            self.avoided
                .iter()
                .find(|a| a.slug == slug)
                .map(Entry::Avoided)
        })
    }

    /// Parses and checks catalog text. `has_asset` says whether a path under
    /// `static/` exists (the embedded assets at run time).
    pub fn parse(
        text: &str,
        file: &str,
        has_asset: &dyn Fn(&str) -> bool,
    ) -> Result<Catalog, Vec<ContentProblem>> {
        validate::catalog(text, file, has_asset)
    }
}

/// Reads `exercises.toml` from the content folder, adding every problem to
/// `problems` (the same argument order as the other content loaders).
pub fn load(
    dir: &Path,
    has_asset: &dyn Fn(&str) -> bool,
    problems: &mut Vec<ContentProblem>,
) -> Option<Catalog> {
    crate::content::load_file(dir, FILE, problems, |text, shown| {
        Catalog::parse(text, shown, has_asset)
    })
}

/// What `/search` finds in the catalog: every exercise and avoided move.
pub fn search_documents(catalog: &Catalog) -> Vec<SearchDocument> {
    let mut docs: Vec<SearchDocument> = catalog
        .exercises()
        .iter()
        .map(|e| SearchDocument {
            kind: "exercise",
            slug: e.slug.clone(),
            url: format!("/exercises/{}", e.slug),
            title: e.name.clone(),
            // Sentences first (they make the snippets); the category last,
            // so "core" or "stretch" still finds the exercise.
            body: format!(
                "{} {} {} {} ({} exercise)",
                e.summary,
                e.why,
                e.steps.join(" "),
                e.cautions.join(" "),
                e.category.label()
            ),
        })
        .collect();
    docs.extend(catalog.avoided().iter().map(|a| SearchDocument {
        kind: "avoided",
        slug: a.slug.clone(),
        url: format!("/exercises/{}", a.slug),
        title: a.name.clone(),
        body: format!("{} {}", a.summary, a.reason),
    }));
    docs
}
