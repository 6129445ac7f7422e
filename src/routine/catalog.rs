//! The exercise library, `content/exercises.toml`: parsed, checked and held
//! in memory. Every entry is either an exercise the planner may prescribe or
//! a move from the avoid-list, catalogued so plans can name it with a reason.
//!
//! Loading reports every problem at once, each naming the entry (its slug,
//! or its position when the slug is missing) and the field.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::SearchDocument;
use crate::content::{ContentProblem, from_toml, is_slug, line_of};
use crate::routine::planner::{ALWAYS_EXCLUDED, NERVE_GLIDE, PELVIC_FLOOR, is_crunch};

pub const FILE: &str = "exercises.toml";

/// Exercises the planner adds to every session of some plans (the pelvic
/// floor squeeze in pregnancy and after birth, the nerve glide for
/// sciatica) and never picks otherwise. The loader refuses a catalog where
/// one is missing or could be filtered out of any plan (see
/// `Checker::added_by_the_planner`), and does not count them as choices for
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
    /// the planner's `Profile::allows` (see `Checker::variants`).
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
        let raw: RawFile = from_toml(text, file).map_err(|problem| vec![problem])?;
        let mut check = Checker {
            file,
            problems: Vec::new(),
        };
        let mut catalog = Catalog::default();
        let mut seen = HashSet::new();
        let mut pending_instead = Vec::new();
        // Parallel to `catalog.exercises`, for problems found after parsing.
        let mut exercise_lines = Vec::new();
        // Every `easier` and `harder`, checked once all entries are read.
        let mut links = Vec::new();
        for (index, spanned) in raw.exercise.iter().enumerate() {
            let line = line_of(text, spanned.span().start);
            let entry = spanned.get_ref();
            let who = match entry.slug.as_deref() {
                Some(slug) if !slug.trim().is_empty() => format!("exercise `{slug}`"),
                _ => format!("exercise #{} (no slug)", index + 1),
            };
            let at = At { who: &who, line };
            if let Some(slug) = &entry.slug
                && !seen.insert(slug.clone())
            {
                check.field(&at, "slug", format!("`{slug}` is used by an earlier entry"));
            }
            if entry.avoid == Some(true) {
                if let Some(avoided) = check.avoided(&at, entry) {
                    pending_instead.push((line, who.clone(), avoided.instead.clone()));
                    catalog.avoided.push(avoided);
                }
            } else if let Some(exercise) = check.exercise(&at, entry, has_asset) {
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
                exercise_lines.push(line);
            }
        }
        for (line, who, instead) in pending_instead {
            let at = At { who: &who, line };
            for slug in instead {
                if catalog.exercise(&slug).is_none() {
                    check.field(
                        &at,
                        "instead",
                        format!(
                            "`{slug}` is not an exercise in this catalog that may be prescribed"
                        ),
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    exercise: Vec<toml::Spanned<RawExercise>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    slug: Option<String>,
    name: Option<String>,
    summary: Option<String>,
    category: Option<String>,
    equipment: Option<Vec<String>>,
    equipment_any: Option<Vec<String>>,
    load: Option<String>,
    tags: Option<Vec<String>>,
    intensity: Option<i64>,
    position: Option<String>,
    balance: Option<bool>,
    steps: Option<Vec<String>>,
    safety: Option<String>,
    dosage: Option<RawDosage>,
    why: Option<String>,
    cautions: Option<Vec<String>>,
    illustration: Option<String>,
    alt: Option<String>,
    cooldown: Option<bool>,
    family: Option<String>,
    easier: Option<toml::Spanned<String>>,
    harder: Option<toml::Spanned<String>>,
    guides: Option<Vec<String>>,
    avoid: Option<bool>,
    avoid_reason: Option<String>,
    instead: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDosage {
    unit: Option<String>,
    weeks: Option<Vec<Vec<i64>>>,
    per_side: Option<bool>,
}

/// Which entry a problem belongs to.
struct At<'a> {
    who: &'a str,
    line: usize,
}

/// Which way a variant link goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Easier,
    Harder,
}

impl Direction {
    fn field(self) -> &'static str {
        match self {
            Direction::Easier => "easier",
            Direction::Harder => "harder",
        }
    }

    fn opposite(self) -> Direction {
        match self {
            Direction::Easier => Direction::Harder,
            Direction::Harder => Direction::Easier,
        }
    }

    /// The slug `exercise` names in this direction.
    fn of(self, exercise: &Exercise) -> Option<&str> {
        match self {
            Direction::Easier => exercise.easier.as_deref(),
            Direction::Harder => exercise.harder.as_deref(),
        }
    }
}

/// An `easier` or `harder` as written: whose it is and on which line.
struct Link {
    from: String,
    direction: Direction,
    line: usize,
}

/// Collects problems while turning raw entries into checked ones.
struct Checker<'a> {
    file: &'a str,
    problems: Vec<ContentProblem>,
}

const SUMMARY_MAX: usize = 160;

impl Checker<'_> {
    fn field(&mut self, at: &At<'_>, field: &str, message: String) {
        self.problems.push(ContentProblem {
            file: self.file.to_owned(),
            line: Some(at.line),
            message: format!("{}: field `{field}`: {message}", at.who),
        });
    }

    fn text(&mut self, at: &At<'_>, field: &str, value: &Option<String>) -> Option<String> {
        match value {
            Some(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Some(_) => {
                self.field(at, field, "must not be empty".to_owned());
                None
            }
            None => {
                self.field(at, field, "is missing".to_owned());
                None
            }
        }
    }

    fn texts(
        &mut self,
        at: &At<'_>,
        field: &str,
        value: &Option<Vec<String>>,
        min: usize,
    ) -> Option<Vec<String>> {
        let Some(items) = value else {
            self.field(at, field, "is missing".to_owned());
            return None;
        };
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

    fn one<T: Copy>(
        &mut self,
        at: &At<'_>,
        field: &str,
        value: &Option<String>,
        parse: fn(&str) -> Option<T>,
        names: fn() -> String,
        what: &str,
    ) -> Option<T> {
        let Some(text) = value else {
            self.field(at, field, "is missing".to_owned());
            return None;
        };
        let parsed = parse(text);
        if parsed.is_none() {
            self.field(
                at,
                field,
                format!("unknown {what} `{text}` (use {})", names()),
            );
        }
        parsed
    }

    #[allow(clippy::too_many_arguments)]
    fn many<T: Copy + PartialEq>(
        &mut self,
        at: &At<'_>,
        field: &str,
        value: &Option<Vec<String>>,
        required: bool,
        parse: fn(&str) -> Option<T>,
        names: fn() -> String,
        what: &str,
    ) -> Option<Vec<T>> {
        let Some(items) = value else {
            if required {
                self.field(
                    at,
                    field,
                    "is missing (write [] if there are none)".to_owned(),
                );
                return None;
            }
            return Some(Vec::new());
        };
        let mut out = Vec::new();
        let mut ok = true;
        for text in items {
            match parse(text) {
                Some(v) if out.contains(&v) => {
                    self.field(at, field, format!("`{text}` is listed twice"));
                    ok = false;
                }
                Some(v) => out.push(v),
                None => {
                    self.field(
                        at,
                        field,
                        format!("unknown {what} `{text}` (use {})", names()),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    fn slug(&mut self, at: &At<'_>, value: &Option<String>) -> Option<String> {
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

    fn summary(&mut self, at: &At<'_>, value: &Option<String>) -> Option<String> {
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

    fn avoided(&mut self, at: &At<'_>, raw: &RawExercise) -> Option<AvoidedMove> {
        let slug = self.slug(at, &raw.slug);
        let name = self.text(at, "name", &raw.name);
        let summary = self.summary(at, &raw.summary);
        let category = self.one(
            at,
            "category",
            &raw.category,
            Category::parse,
            Category::names,
            "category",
        );
        let tags = self.many(at, "tags", &raw.tags, true, Tag::parse, Tag::names, "tag");
        let reason = self.text(at, "avoid_reason", &raw.avoid_reason);
        let instead = self.texts(at, "instead", &raw.instead, 1);
        for (field, present) in [
            ("steps", raw.steps.is_some()),
            ("dosage", raw.dosage.is_some()),
            ("cooldown", raw.cooldown.is_some()),
            ("family", raw.family.is_some()),
            ("position", raw.position.is_some()),
            ("balance", raw.balance.is_some()),
            ("easier", raw.easier.is_some()),
            ("harder", raw.harder.is_some()),
        ] {
            if present {
                self.field(
                    at,
                    field,
                    "an avoided move is never prescribed, so it has no steps, dosage, position, balance, cool-down role or easier and harder variants"
                        .to_owned(),
                );
            }
        }
        Some(AvoidedMove {
            slug: slug?,
            name: name?,
            summary: summary?,
            category: category?,
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
        let category = self.one(
            at,
            "category",
            &raw.category,
            Category::parse,
            Category::names,
            "category",
        );
        let equipment = self.many(
            at,
            "equipment",
            &raw.equipment,
            true,
            Equipment::parse,
            Equipment::names,
            "equipment",
        );
        let equipment_any = self.many(
            at,
            "equipment_any",
            &raw.equipment_any,
            false,
            Equipment::parse,
            Equipment::names,
            "equipment",
        );
        if let Some(any) = &equipment_any
            && any.len() == 1
        {
            self.field(
                at,
                "equipment_any",
                "lists choices, so it needs two or more items (put a single item in `equipment`)"
                    .to_owned(),
            );
        }
        let load = self.one(at, "load", &raw.load, Load::parse, Load::names, "load");
        if let (Some(load), Some(equipment)) = (load, &equipment) {
            let needs = |e: Equipment| equipment.contains(&e);
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
        }
        let tags = self.many(at, "tags", &raw.tags, true, Tag::parse, Tag::names, "tag");
        let intensity = match raw.intensity {
            Some(n @ 1..=3) => u8::try_from(n).ok(),
            Some(n) => {
                self.field(at, "intensity", format!("must be 1, 2 or 3, not {n}"));
                None
            }
            None => {
                self.field(at, "intensity", "is missing".to_owned());
                None
            }
        };
        let position = self.one(
            at,
            "position",
            &raw.position,
            Position::parse,
            Position::names,
            "position",
        );
        let balance = raw.balance;
        if balance.is_none() {
            self.field(
                at,
                "balance",
                "is missing (true if the move needs balance without holding on, else false)"
                    .to_owned(),
            );
        }
        let steps = self.texts(at, "steps", &raw.steps, 2);
        let safety = self.text(at, "safety", &raw.safety);
        if let (Some(Category::Strength), Some(safety)) = (category, &safety) {
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
        let dosage = self.dosage(at, raw.dosage.as_ref(), category);
        let why = self.text(at, "why", &raw.why);
        let cautions = self.texts(at, "cautions", &raw.cautions, 1);
        let illustration = self.illustration(at, raw, slug.as_deref(), has_asset);
        let guides = match &raw.guides {
            None => Some(Vec::new()),
            Some(list) => {
                let bad: Vec<&String> = list.iter().filter(|g| !is_slug(g)).collect();
                if bad.is_empty() {
                    Some(list.clone())
                } else {
                    self.field(at, "guides", format!("{bad:?} are not guide slugs"));
                    None
                }
            }
        };
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
        // entry is read (`Checker::variants`).
        let link = |value: &Option<toml::Spanned<String>>| {
            value.as_ref().map(|slug| slug.get_ref().trim().to_owned())
        };
        if raw.avoid_reason.is_some() || raw.instead.is_some() {
            self.field(
                at,
                "avoid_reason",
                "`avoid_reason` and `instead` belong only to entries with `avoid = true`"
                    .to_owned(),
            );
        }
        Some(Exercise {
            slug: slug?,
            name: name?,
            summary: summary?,
            category: category?,
            equipment: equipment?,
            equipment_any: equipment_any?,
            load: load?,
            tags: tags?,
            intensity: intensity?,
            position: position?,
            balance: balance?,
            steps: steps?,
            safety: safety?,
            dosage: dosage?,
            why: why?,
            cautions: cautions?,
            illustration: illustration?,
            cooldown: raw.cooldown.unwrap_or(false),
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

    fn dosage(
        &mut self,
        at: &At<'_>,
        raw: Option<&RawDosage>,
        category: Option<Category>,
    ) -> Option<Dosage> {
        let Some(raw) = raw else {
            self.field(at, "dosage", "is missing".to_owned());
            return None;
        };
        let unit = self.one(
            at,
            "dosage.unit",
            &raw.unit,
            DoseUnit::parse,
            DoseUnit::names,
            "unit",
        )?;
        if category == Some(Category::Cardio) && unit != DoseUnit::Minutes {
            self.field(at, "dosage.unit", "cardio is counted in minutes".to_owned());
            return None;
        }
        let Some(weeks) = &raw.weeks else {
            self.field(at, "dosage.weeks", "is missing".to_owned());
            return None;
        };
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
            per_side: raw.per_side.unwrap_or(false),
            weeks,
        })
    }

    /// Checks every `easier` and `harder` link once all entries are read.
    ///
    /// The links let a saved routine go on past week 4 with the same moves
    /// made harder or easier, so a swap must keep what made the first move
    /// fit the person. Whoever swaps must still ask `Profile::allows`
    /// about the variant: these rules keep the links sensible, and the
    /// planner's filters decide for each person. Three things are left to
    /// those filters on purpose, because real chains need them:
    /// - a harder variant may need balance (the lunge after the supported
    ///   split squat); plans for people at risk of falls leave it out;
    /// - either variant may lie on the back or front (the push-up after the
    ///   push-up from the knees, the lying hamstring stretch as the easier
    ///   one); plans in pregnancy leave those out;
    /// - an easier variant may need other equipment of its family (the wall
    ///   push-up, a towel for the lying hamstring stretch); if the person
    ///   does not have it, the easier step is a lighter dose instead.
    ///
    /// `written` is every slug in the file: a link to an entry that has
    /// problems of its own is not reported again.
    fn variants(&mut self, catalog: &Catalog, links: &[Link], written: &HashSet<String>) {
        for link in links {
            let Some(from) = catalog.exercise(&link.from) else {
                continue;
            };
            let Some(slug) = link.direction.of(from) else {
                continue;
            };
            let who = format!("exercise `{}`", from.slug);
            let at = At {
                who: &who,
                line: link.line,
            };
            let field = link.direction.field();
            if !is_slug(slug) {
                self.field(&at, field, format!("`{slug}` is not an exercise slug"));
                continue;
            }
            if slug == from.slug {
                self.field(
                    &at,
                    field,
                    "names this exercise itself: a variant is another exercise".to_owned(),
                );
                continue;
            }
            let Some(to) = catalog.exercise(slug) else {
                if catalog.entry(slug).is_some() {
                    self.field(
                        &at,
                        field,
                        format!("`{slug}` is on the avoid-list, which is never prescribed"),
                    );
                } else if !written.contains(slug) {
                    self.field(
                        &at,
                        field,
                        format!("`{slug}` is not an exercise in this catalog"),
                    );
                }
                continue;
            };
            let back = link.direction.opposite();
            let linked_back = back.of(to) == Some(from.slug.as_str());
            if !linked_back {
                let found = match back.of(to) {
                    Some(other) => format!("it names `{other}`"),
                    None => "it has none".to_owned(),
                };
                self.field(
                    &at,
                    field,
                    format!(
                        "`{slug}` must name this exercise as its `{}` (links go both ways), but {found}",
                        back.field()
                    ),
                );
            }
            // The rules about the pair are checked once: from the `harder`
            // side, or from an `easier` that is not linked back.
            if link.direction == Direction::Easier && linked_back {
                continue;
            }
            let (easy, hard) = match link.direction {
                Direction::Easier => (to, from),
                Direction::Harder => (from, to),
            };
            for message in pair_problems(easy, hard, from) {
                self.field(&at, field, message);
            }
        }
        self.variant_loops(catalog, links);
    }

    /// Following `harder` (or `easier`) from an exercise must come to an
    /// end. Each loop is reported once, at the first of its exercises in
    /// the file, as a loop of `harder` if it is one (a loop of `easier`
    /// that goes both ways is the same loop backwards).
    fn variant_loops(&mut self, catalog: &Catalog, links: &[Link]) {
        let mut reported: Vec<BTreeSet<&str>> = Vec::new();
        let harder_first = [Direction::Harder, Direction::Easier]
            .into_iter()
            .flat_map(|direction| links.iter().filter(move |l| l.direction == direction));
        for link in harder_first {
            let Some(start) = catalog.exercise(&link.from) else {
                continue;
            };
            let mut path = vec![start.slug.as_str()];
            let mut here = start;
            while let Some(next) = link
                .direction
                .of(here)
                .filter(|slug| *slug != here.slug)
                .and_then(|slug| catalog.exercise(slug))
            {
                if next.slug == start.slug {
                    let members: BTreeSet<&str> = path.iter().copied().collect();
                    if !reported.contains(&members) {
                        reported.push(members);
                        path.push(start.slug.as_str());
                        let who = format!("exercise `{}`", start.slug);
                        self.field(
                            &At {
                                who: &who,
                                line: link.line,
                            },
                            link.direction.field(),
                            format!(
                                "following `{}` comes back here ({}): a chain of variants must end",
                                link.direction.field(),
                                path.join(" → ")
                            ),
                        );
                    }
                    break;
                }
                if path.contains(&next.slug.as_str()) {
                    // A loop further on: reported from one of its own.
                    break;
                }
                path.push(next.slug.as_str());
                here = next;
            }
        }
    }

    /// The planner needs, for every set of answers, something safe in each
    /// part of a session: with no equipment, at the lowest intensity, free
    /// of the avoid-list's kinds of load, not one of the exercises only the
    /// planner's rules add, and still there under every
    /// combination of the restrictions some people's plans apply (see
    /// [`Restrictions`]). Only the smallest failing combinations are
    /// reported: a gap under "no balance" is a gap under "no balance, no
    /// flexion" too.
    fn coverage(&mut self, catalog: &Catalog) {
        let list = catalog.exercises();
        for part in Needed::ALL {
            let mut failed: Vec<Restrictions> = Vec::new();
            for restrictions in Restrictions::every() {
                if failed.iter().any(|f| f.is_part_of(restrictions)) {
                    continue;
                }
                if !list
                    .iter()
                    .any(|e| part.accepts(e) && restrictions.allows(e))
                {
                    failed.push(restrictions);
                    self.problems.push(ContentProblem {
                        file: self.file.to_owned(),
                        line: None,
                        message: format!(
                            "the catalog needs at least one {} that {}{}",
                            part.what(),
                            part.rule(),
                            restrictions.describe()
                        ),
                    });
                }
            }
        }
    }

    /// The planner adds these exercises to every session of some plans, so
    /// each must exist and pass every filter any plan applies.
    fn added_by_the_planner(&mut self, catalog: &Catalog, lines: &[usize]) {
        for slug in ADDED_BY_THE_PLANNER {
            let found = catalog
                .exercises()
                .iter()
                .zip(lines)
                .find(|(e, _)| e.slug == slug);
            let Some((e, line)) = found else {
                let why = if catalog.entry(slug).is_some() {
                    "is on the avoid-list"
                } else {
                    "is missing"
                };
                self.problems.push(ContentProblem {
                    file: self.file.to_owned(),
                    line: None,
                    message: format!(
                        "the exercise `{slug}` {why}: the planner adds it to every session of some plans, so it must be an exercise that may be prescribed"
                    ),
                });
                continue;
            };
            let who = format!("exercise `{slug}`");
            let at = At {
                who: &who,
                line: *line,
            };
            let must = |rule: &str| {
                format!("the planner adds it to every session of some plans, so {rule}")
            };
            if e.intensity != 1 {
                self.field(&at, "intensity", must("it must be 1"));
            }
            if !e.equipment.is_empty() || !e.equipment_any.is_empty() {
                self.field(&at, "equipment", must("it must need no equipment"));
            }
            if e.load != Load::Bodyweight {
                self.field(&at, "load", must("it must be bodyweight"));
            }
            if e.balance {
                self.field(&at, "balance", must("it must be false"));
            }
            if e.position.lies_on_back_or_front() {
                self.field(
                    &at,
                    "position",
                    must("it must not be lying on the back or front (pregnancy)"),
                );
            }
            if e.category == Category::Strength {
                self.field(
                    &at,
                    "category",
                    must("it must not be strength (gentle plans have none)"),
                );
            }
            if !e.tags.is_empty() {
                self.field(
                    &at,
                    "tags",
                    must("it must have none (each tag rules it out of someone's plan)"),
                );
            }
        }
    }
}

/// What is wrong with `hard` being the harder variant of `easy`, in words
/// for the entry `from` (one of the two).
fn pair_problems(easy: &Exercise, hard: &Exercise, from: &Exercise) -> Vec<String> {
    let name = |e: &Exercise| {
        if std::ptr::eq(e, from) {
            "this exercise".to_owned()
        } else {
            format!("`{}`", e.slug)
        }
    };
    let (easy_name, hard_name) = (name(easy), name(hard));
    let mut problems = Vec::new();
    for e in [easy, hard] {
        if ADDED_BY_THE_PLANNER.contains(&e.slug.as_str()) {
            problems.push(format!(
                "the planner adds `{}` to every session of some plans, so it has no variants: a variant might not pass every plan's rules",
                e.slug
            ));
        }
    }
    if easy.category != hard.category {
        problems.push(format!(
            "variants are in the same category, but {easy_name} is {} and {hard_name} is {}",
            easy.category, hard.category
        ));
    }
    if easy.family.is_none() || easy.family != hard.family {
        let family = |e: &Exercise| match &e.family {
            Some(family) => format!("`{family}`"),
            None => "none".to_owned(),
        };
        problems.push(format!(
            "variants are the same move, so they share a `family` and a session never holds both, even after a swap; {easy_name} has {}, {hard_name} has {}",
            family(easy),
            family(hard)
        ));
    }
    if hard.intensity < easy.intensity {
        problems.push(format!(
            "the harder variant must not have a lower intensity: {hard_name} has {}, {easy_name} has {}",
            hard.intensity, easy.intensity
        ));
    }
    for (one, other, one_name, other_name) in [
        (easy, hard, &easy_name, &hard_name),
        (hard, easy, &hard_name, &easy_name),
    ] {
        for tag in one.tags.iter().filter(|t| !other.has_tag(**t)) {
            problems.push(format!(
                "{one_name} has the tag `{tag}` and {other_name} does not: a swap must not bring in a movement some plans leave out"
            ));
        }
        if one.cooldown && !other.cooldown {
            problems.push(format!(
                "{one_name} may end a session (`cooldown = true`) and {other_name} may not: a swap could put it in the cool-down"
            ));
        }
        if one.uses_weights() && !other.uses_weights() {
            problems.push(format!(
                "{one_name} uses weights and {other_name} does not: a swap must never bring in weights (they need clearance and the kit)"
            ));
        }
    }
    // Moving on must never need anything new: the person got this far
    // with what they have. The planner checks the equipment again.
    if !needs_nothing_more(hard, easy) {
        problems.push(format!(
            "{hard_name} needs {}, more than {easy_name} ({}): a harder variant needs nothing new, so anyone who does the easier one can move on",
            hard.equipment_text().to_lowercase(),
            easy.equipment_text().to_lowercase()
        ));
    }
    if easy.balance && !hard.balance {
        problems.push(format!(
            "{easy_name} needs balance and {hard_name} does not: stepping down must not add balance"
        ));
    }
    problems
}

/// Can everyone who has what `original` needs do `variant` too?
fn needs_nothing_more(variant: &Exercise, original: &Exercise) -> bool {
    let needed: BTreeSet<Equipment> = original.equipment.iter().copied().collect();
    if original.equipment_any.is_empty() {
        return variant.fits(&needed);
    }
    // Each choice the original allows is enough for the original, so it
    // must be enough for the variant.
    original.equipment_any.iter().all(|choice| {
        let mut have = needed.clone();
        have.insert(*choice);
        variant.fits(&have)
    })
}

/// A part of a session the coverage rule fills, with what counts as a
/// choice for everyone: no equipment, bodyweight, none of the avoid-list's
/// kinds of load, and the lowest intensity (strength: 2 or less, the most a
/// sedentary person gets; gentle plans have no strength).
#[derive(Debug, Clone, Copy)]
enum Needed {
    Easy(Category),
    Cooldown,
    Strength,
}

impl Needed {
    const ALL: [Needed; 6] = [
        Needed::Easy(Category::Warmup),
        Needed::Easy(Category::Core),
        Needed::Easy(Category::Stretch),
        Needed::Easy(Category::Cardio),
        Needed::Cooldown,
        Needed::Strength,
    ];

    fn accepts(self, e: &Exercise) -> bool {
        // The planner never picks these as ordinary choices.
        let ordinary = !ADDED_BY_THE_PLANNER.contains(&e.slug.as_str());
        let for_anyone = ordinary
            && e.equipment.is_empty()
            && e.equipment_any.is_empty()
            && e.load == Load::Bodyweight
            && !ALWAYS_EXCLUDED.iter().any(|t| e.has_tag(*t));
        for_anyone
            && match self {
                Needed::Easy(category) => e.intensity == 1 && e.category == category,
                Needed::Cooldown => e.intensity == 1 && e.cooldown,
                Needed::Strength => e.intensity <= 2 && e.category == Category::Strength,
            }
    }

    fn what(self) -> String {
        match self {
            Needed::Easy(category) => format!("{} exercise", category.label().to_lowercase()),
            Needed::Cooldown => "cool-down exercise (`cooldown = true`)".to_owned(),
            Needed::Strength => "bodyweight strength exercise".to_owned(),
        }
    }

    fn rule(self) -> &'static str {
        match self {
            Needed::Strength => {
                "uses no equipment or weights, has intensity 2 or less and none of the tags impact, heavy-load or overhead"
            }
            _ => {
                "uses no equipment, has intensity 1 and none of the tags impact, heavy-load or overhead"
            }
        }
    }
}

/// One combination of the restrictions some people's plans apply on top of
/// the avoid-list, for the coverage rule: pregnancy (no lying on the back or
/// front, no crunches), no moves that need balance (older and inactive
/// people, osteoporosis), and each tag a person's answers can rule out
/// (flexion, extension, rotation). All 32 combinations are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Restrictions(u8);

impl Restrictions {
    const PREGNANT: u8 = 1;
    const NO_BALANCE: u8 = 2;
    /// Tags that some answers rule out, each with its own bit after the two
    /// above.
    const TAGS: [Tag; 3] = [Tag::Flexion, Tag::Extension, Tag::Rotation];

    /// Every combination, fewest restrictions first.
    fn every() -> Vec<Restrictions> {
        let mut all: Vec<Restrictions> = (0..1u8 << (2 + Self::TAGS.len()))
            .map(Restrictions)
            .collect();
        all.sort_by_key(|r| (r.0.count_ones(), r.0));
        all
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    fn tags(self) -> impl Iterator<Item = Tag> {
        Self::TAGS
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.has(1 << (2 + i)))
            .map(|(_, tag)| tag)
    }

    /// Every restriction of `self` is also in `other`.
    fn is_part_of(self, other: Restrictions) -> bool {
        self.0 & other.0 == self.0
    }

    fn allows(self, e: &Exercise) -> bool {
        !(self.has(Self::PREGNANT) && (e.position.lies_on_back_or_front() || is_crunch(e)))
            && !(self.has(Self::NO_BALANCE) && e.balance)
            && !self.tags().any(|t| e.has_tag(t))
    }

    /// ` for plans with: …`, or nothing for no extra restriction.
    fn describe(self) -> String {
        let mut with = Vec::new();
        if self.has(Self::PREGNANT) {
            with.push("pregnancy (no lying on the back or front, no crunches)".to_owned());
        }
        if self.has(Self::NO_BALANCE) {
            with.push("no moves that need balance".to_owned());
        }
        with.extend(self.tags().map(|t| format!("no tag {t}")));
        if with.is_empty() {
            String::new()
        } else {
            format!(", for plans with: {}", with.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any_asset(_: &str) -> bool {
        true
    }

    const GOOD: &str = r#"
[[exercise]]
slug = "marching-on-the-spot"
name = "Marching on the spot"
summary = "Lift your knees in turn."
category = "warmup"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Stand tall.", "March."]
safety = "Go at an easy pace."
dosage = { unit = "minutes", weeks = [[1], [1], [2], [2]] }
why = "Warms you up."
cautions = ["Hold a chair if you feel unsteady."]
illustration = "exercises/marching-on-the-spot.svg"
alt = "A person marching."
cooldown = true

[[exercise]]
slug = "abdominal-brace"
name = "Abdominal brace"
summary = "Tighten your tummy."
category = "core"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Lie down.", "Tighten."]
safety = "Keep breathing."
dosage = { unit = "hold", weeks = [[5, 5], [5, 6], [8, 6], [10, 6]] }
why = "Core."
cautions = ["Do not hold your breath."]
illustration = "exercises/abdominal-brace.svg"
alt = "A person lying down."

[[exercise]]
slug = "glute-stretch"
name = "Glute stretch"
summary = "Stretch your seat."
category = "stretch"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Sit.", "Cross a leg."]
safety = "Gently."
dosage = { unit = "hold", weeks = [[5, 3], [5, 4], [8, 4], [10, 4]], per_side = true }
why = "Loosens hips."
cautions = ["Stop if your knee hurts."]
illustration = "exercises/glute-stretch.svg"
alt = "A person sitting."

[[exercise]]
slug = "brisk-walking"
name = "Brisk walking"
summary = "Walk."
category = "cardio"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "standing"
balance = false
steps = ["Walk.", "Faster."]
safety = "Good shoes."
dosage = { unit = "minutes", weeks = [[10], [12], [15], [20]] }
why = "Heart."
cautions = ["Flat ground first."]
illustration = "exercises/brisk-walking.svg"
alt = "A person walking."

[[exercise]]
slug = "squat"
name = "Squat"
summary = "Sit back and stand."
category = "strength"
equipment = []
load = "bodyweight"
tags = []
intensity = 2
position = "standing"
balance = false
steps = ["Stand.", "Sit back."]
safety = "Brace your abdominals first."
dosage = { unit = "reps", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }
why = "Legs."
cautions = ["Knees over toes."]
illustration = "exercises/squat.svg"
alt = "A person squatting."

[[exercise]]
slug = "pelvic-floor-squeeze"
name = "Pelvic floor squeeze"
summary = "Squeeze and lift."
category = "core"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "sitting"
balance = false
steps = ["Sit.", "Squeeze."]
safety = "Keep breathing."
dosage = { unit = "hold", weeks = [[3, 8], [5, 8], [5, 10], [8, 10]] }
why = "Pelvic floor."
cautions = ["Do not stop your pee midway."]
illustration = "exercises/pelvic-floor-squeeze.svg"
alt = "A person sitting."
cooldown = true

[[exercise]]
slug = "sciatic-nerve-glide"
name = "Sciatic nerve glide"
summary = "Slide the nerve."
category = "warmup"
equipment = []
load = "bodyweight"
tags = []
intensity = 1
position = "sitting"
balance = false
steps = ["Sit.", "Straighten and bend the knee."]
safety = "Keep it small."
dosage = { unit = "reps", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]], per_side = true }
why = "Sciatica."
cautions = ["Make it smaller if the leg tingles."]
illustration = "exercises/sciatic-nerve-glide.svg"
alt = "A person sitting."

[[exercise]]
slug = "running"
name = "Running"
summary = "High impact."
category = "cardio"
tags = ["impact"]
avoid = true
avoid_reason = "Jolts the spine."
instead = ["brisk-walking"]
"#;

    #[test]
    fn a_good_catalog_parses() {
        let catalog = Catalog::parse(GOOD, "x.toml", &any_asset).unwrap();
        assert_eq!(catalog.exercises().len(), 7);
        assert_eq!(catalog.avoided().len(), 1);
        assert!(matches!(catalog.entry("running"), Some(Entry::Avoided(_))));
        assert!(matches!(catalog.entry("squat"), Some(Entry::Exercise(_))));
        assert!(catalog.entry("nope").is_none());
        let glute = catalog.exercise("glute-stretch").unwrap();
        assert!(glute.dosage.per_side);
        assert_eq!(
            glute.dosage.weeks[0],
            Dose::Hold {
                seconds: 5,
                reps: 3
            }
        );
    }

    fn problems_of(text: &str, assets: &dyn Fn(&str) -> bool) -> Vec<String> {
        Catalog::parse(text, "x.toml", assets)
            .unwrap_err()
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[track_caller]
    fn assert_problem(problems: &[String], needles: &[&str]) {
        assert!(
            problems
                .iter()
                .any(|p| needles.iter().all(|n| p.contains(n))),
            "no problem mentions {needles:?}: {problems:#?}"
        );
    }

    #[test]
    fn missing_fields_are_named_with_the_entry_and_line() {
        let text = GOOD.replacen("why = \"Legs.\"\n", "", 1);
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &["exercise `squat`", "field `why`", "is missing"],
        );
        // The line is where the entry starts.
        let line = text
            .lines()
            .position(|l| l.contains("slug = \"squat\""))
            .unwrap();
        assert_problem(&problems, &[&format!("x.toml:{line}:")]);
    }

    #[test]
    fn unknown_tags_categories_and_equipment_are_refused() {
        let text = GOOD
            .replacen("tags = []\nintensity = 2", "tags = [\"twisting\"]\nintensity = 2", 1)
            .replacen("category = \"stretch\"", "category = \"stretches\"", 1)
            .replacen(
                "slug = \"brisk-walking\"\nname = \"Brisk walking\"\nsummary = \"Walk.\"\ncategory = \"cardio\"\nequipment = []",
                "slug = \"brisk-walking\"\nname = \"Brisk walking\"\nsummary = \"Walk.\"\ncategory = \"cardio\"\nequipment = [\"treadmill\"]",
                1,
            );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &["exercise `squat`", "field `tags`", "`twisting`"],
        );
        assert_problem(
            &problems,
            &[
                "exercise `glute-stretch`",
                "field `category`",
                "`stretches`",
            ],
        );
        assert_problem(
            &problems,
            &[
                "exercise `brisk-walking`",
                "field `equipment`",
                "`treadmill`",
            ],
        );
    }

    #[test]
    fn a_missing_illustration_is_refused() {
        let problems = problems_of(GOOD, &|path: &str| path != "exercises/squat.svg");
        assert_problem(
            &problems,
            &[
                "exercise `squat`",
                "field `illustration`",
                "static/exercises/squat.svg does not exist",
            ],
        );
    }

    #[test]
    fn strength_needs_the_brace_cue() {
        let text = GOOD.replacen("Brace your abdominals first.", "Go slowly.", 1);
        let problems = problems_of(&text, &any_asset);
        assert_problem(&problems, &["exercise `squat`", "field `safety`", "brace"]);
    }

    #[test]
    fn dosage_must_have_four_weeks_that_never_get_easier() {
        let text = GOOD.replacen(
            "[[1, 5], [1, 8], [2, 8], [2, 10]]",
            "[[1, 5], [1, 8], [2, 8]]",
            1,
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &["`squat`", "dosage.weeks", "exactly 4"],
        );
        let text = GOOD.replacen(
            "[[1, 5], [1, 8], [2, 8], [2, 10]]",
            "[[2, 8], [1, 5], [2, 8], [2, 10]]",
            1,
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &["`squat`", "dosage.weeks", "easier"],
        );
    }

    #[test]
    fn avoided_moves_need_a_reason_and_real_alternatives() {
        let text = GOOD
            .replacen("avoid_reason = \"Jolts the spine.\"\n", "", 1)
            .replacen(
                "instead = [\"brisk-walking\"]",
                "instead = [\"jogging\"]",
                1,
            );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &["exercise `running`", "field `avoid_reason`", "missing"],
        );
        let text = GOOD.replacen(
            "instead = [\"brisk-walking\"]",
            "instead = [\"jogging\"]",
            1,
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &["`running`", "field `instead`", "`jogging`"],
        );
    }

    #[test]
    fn duplicate_slugs_and_unknown_keys_are_refused() {
        let text = GOOD.replacen("slug = \"glute-stretch\"", "slug = \"squat\"", 1);
        assert_problem(
            &problems_of(&text, &any_asset),
            &["`squat`", "field `slug`", "earlier"],
        );
        let text = GOOD.replacen("intensity = 2", "intensity = 2\ncolour = \"red\"", 1);
        assert_problem(&problems_of(&text, &any_asset), &["colour"]);
    }

    #[test]
    fn a_catalog_without_a_safe_choice_for_some_part_is_refused() {
        let text = GOOD.replacen(
            "category = \"cardio\"\nequipment = []",
            "category = \"cardio\"\nequipment = [\"pool\"]",
            1,
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &["low-impact cardio exercise"],
        );
    }

    #[test]
    fn every_combination_of_restrictions_needs_a_safe_choice_for_each_part() {
        // The only warm-up needs balance: a gap for people at risk of falls,
        // reported once, not again for each combination that adds to it.
        let text = GOOD.replacen("balance = false", "balance = true", 1);
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &[
                "warm-up exercise",
                "for plans with: no moves that need balance",
            ],
        );
        assert_eq!(
            problems.iter().filter(|p| p.contains("warm-up")).count(),
            1,
            "{problems:#?}"
        );

        // The only bodyweight strength move is done lying on the front: none
        // left in pregnancy.
        let text = GOOD.replacen(
            "intensity = 2\nposition = \"standing\"",
            "intensity = 2\nposition = \"lying-front\"",
            1,
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                "bodyweight strength exercise",
                "intensity 2 or less",
                "for plans with: pregnancy (no lying on the back or front, no crunches)",
            ],
        );

        // The only cardio twists the back: none left when rotation is out.
        let text = GOOD.replacen(
            "category = \"cardio\"\nequipment = []\nload = \"bodyweight\"\ntags = []",
            "category = \"cardio\"\nequipment = []\nload = \"bodyweight\"\ntags = [\"rotation\"]",
            1,
        );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &[
                "low-impact cardio exercise",
                "for plans with: no tag rotation",
            ],
        );
        assert!(
            !problems
                .iter()
                .any(|p| p.contains("cardio") && p.contains("flexion")),
            "{problems:#?}"
        );

        // The pelvic floor squeeze is core work, but the planner adds it only
        // for some people: it is no choice for everyone's core block.
        let text = GOOD.replacen(
            "tags = []\nintensity = 1\nposition = \"standing\"\nbalance = false\nsteps = [\"Lie down.\"",
            "tags = []\nintensity = 2\nposition = \"standing\"\nbalance = false\nsteps = [\"Lie down.\"",
            1,
        );
        let problems = problems_of(&text, &any_asset);
        assert_problem(&problems, &["core exercise", "has intensity 1"]);
        assert!(
            !problems.iter().any(|p| p.contains("for plans with")),
            "{problems:#?}"
        );
    }

    #[test]
    fn exercises_the_planner_adds_must_exist_and_pass_every_filter() {
        let text = GOOD
            .replacen(
                "slug = \"sciatic-nerve-glide\"",
                "slug = \"nerve-glide\"",
                1,
            )
            .replacen(
                "exercises/sciatic-nerve-glide.svg",
                "exercises/nerve-glide.svg",
                1,
            );
        assert_problem(
            &problems_of(&text, &any_asset),
            &["`sciatic-nerve-glide` is missing", "every session"],
        );

        let squeeze = GOOD.find("slug = \"pelvic-floor-squeeze\"").unwrap();
        let (before, after) = GOOD.split_at(squeeze);
        let after = after
            .replacen("intensity = 1", "intensity = 2", 1)
            .replacen("position = \"sitting\"", "position = \"lying-back\"", 1)
            .replacen("balance = false", "balance = true", 1)
            .replacen("tags = []", "tags = [\"flexion\"]", 1)
            .replacen("equipment = []", "equipment = [\"mat\"]", 1);
        let problems = problems_of(&format!("{before}{after}"), &any_asset);
        for field in ["intensity", "position", "balance", "tags", "equipment"] {
            assert_problem(
                &problems,
                &[
                    "exercise `pelvic-floor-squeeze`",
                    &format!("field `{field}`"),
                    "every session of some plans",
                ],
            );
        }
        // The problems point at the entry.
        let line = before.lines().count();
        assert_problem(&problems, &[&format!("x.toml:{line}:"), "field `balance`"]);
    }

    /// One entry for the variant tests: everything a strength move needs,
    /// plus `extra` (equipment, intensity, position, balance, family and
    /// the links).
    fn variant_entry(slug: &str, category: &str, extra: &str) -> String {
        format!(
            r#"
[[exercise]]
slug = "{slug}"
name = "{slug}"
summary = "A move."
category = "{category}"
load = "bodyweight"
tags = []
steps = ["Start.", "Move."]
safety = "Brace your abdominals first."
dosage = {{ unit = "reps", weeks = [[1, 5], [1, 8], [2, 8], [2, 10]] }}
why = "Strength."
cautions = ["Go slowly."]
illustration = "exercises/{slug}.svg"
alt = "A person moving."
{extra}
"#
        )
    }

    /// `GOOD` plus three real chains, each leaning on one of the rules left
    /// to the planner: the push-ups (the wall push-up needs a wall, the
    /// push-up lies on the front), the lunge (needs balance) and the
    /// hamstring stretches (the easier one lies on the back and needs a
    /// towel or a wall).
    fn with_chains() -> String {
        let entries = [
            variant_entry(
                "wall-push-up",
                "strength",
                "equipment = [\"wall\"]\nintensity = 1\nposition = \"standing\"\nbalance = false\nfamily = \"chest\"\nharder = \"knee-push-up\"",
            ),
            variant_entry(
                "knee-push-up",
                "strength",
                "equipment = []\nintensity = 2\nposition = \"kneeling\"\nbalance = false\nfamily = \"chest\"\neasier = \"wall-push-up\"\nharder = \"push-up\"",
            ),
            variant_entry(
                "push-up",
                "strength",
                "equipment = []\nintensity = 3\nposition = \"lying-front\"\nbalance = false\nfamily = \"chest\"\neasier = \"knee-push-up\"",
            ),
            variant_entry(
                "supported-split-squat",
                "strength",
                "equipment = []\nintensity = 2\nposition = \"standing\"\nbalance = false\nfamily = \"lunge\"\nharder = \"lunge\"",
            ),
            variant_entry(
                "lunge",
                "strength",
                "equipment = []\nintensity = 3\nposition = \"standing\"\nbalance = true\nfamily = \"lunge\"\neasier = \"supported-split-squat\"",
            ),
            variant_entry(
                "hamstring-stretch",
                "stretch",
                "equipment = []\nequipment_any = [\"towel\", \"wall\"]\nintensity = 1\nposition = \"lying-back\"\nbalance = false\ncooldown = true\nfamily = \"hamstring-stretch\"\nharder = \"seated-hamstring-stretch\"",
            ),
            variant_entry(
                "seated-hamstring-stretch",
                "stretch",
                "equipment = []\nintensity = 1\nposition = \"sitting\"\nbalance = false\ncooldown = true\nfamily = \"hamstring-stretch\"\neasier = \"hamstring-stretch\"",
            ),
        ];
        format!("{GOOD}{}", entries.concat())
    }

    /// `text` with the first `from` after `slug`'s entry starts replaced.
    fn edit(text: &str, slug: &str, from: &str, to: &str) -> String {
        let start = text
            .find(&format!("slug = \"{slug}\""))
            .unwrap_or_else(|| panic!("no entry {slug}"));
        let (before, after) = text.split_at(start);
        assert!(after.contains(from), "{slug} has no {from:?}");
        format!("{before}{}", after.replacen(from, to, 1))
    }

    /// `x.toml:<line>:` for the first line of `slug`'s entry that holds
    /// `needle`.
    fn at_line(text: &str, slug: &str, needle: &str) -> String {
        let slug_line = text
            .lines()
            .position(|l| l == format!("slug = \"{slug}\""))
            .unwrap_or_else(|| panic!("no entry {slug}"));
        let line = text
            .lines()
            .enumerate()
            .skip(slug_line)
            .find(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
            .unwrap_or_else(|| panic!("{slug} has no {needle:?}"));
        format!("x.toml:{line}:")
    }

    #[test]
    fn real_chains_parse_with_their_links() {
        let catalog = Catalog::parse(&with_chains(), "x.toml", &any_asset).unwrap();
        let knees = catalog.exercise("knee-push-up").unwrap();
        assert_eq!(knees.easier.as_deref(), Some("wall-push-up"));
        assert_eq!(knees.harder.as_deref(), Some("push-up"));
        let squat = catalog.exercise("squat").unwrap();
        assert_eq!(
            (squat.easier.as_deref(), squat.harder.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn a_link_names_another_exercise_that_may_be_prescribed() {
        let good = with_chains();
        for (slug, wrong, message) in [
            ("nope", "nope", "`nope` is not an exercise in this catalog"),
            ("running", "running", "`running` is on the avoid-list"),
            ("knee-push-up", "knee-push-up", "names this exercise itself"),
            ("Push Up", "Push Up", "`Push Up` is not an exercise slug"),
        ] {
            let text = edit(
                &good,
                "knee-push-up",
                "harder = \"push-up\"",
                &format!("harder = \"{slug}\""),
            );
            let problems = problems_of(&text, &any_asset);
            assert_problem(
                &problems,
                &[
                    &at_line(&text, "knee-push-up", &format!("harder = \"{wrong}\"")),
                    "exercise `knee-push-up`: field `harder`",
                    message,
                ],
            );
        }
    }

    #[test]
    fn variants_share_a_category_and_a_family() {
        let good = with_chains();
        let text = edit(
            &good,
            "push-up",
            "category = \"strength\"",
            "category = \"core\"",
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "knee-push-up", "harder = "),
                "field `harder`",
                "same category, but this exercise is strength and `push-up` is core",
            ],
        );

        let text = edit(&good, "lunge", "family = \"lunge\"", "family = \"legs\"");
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "supported-split-squat", "harder = "),
                "share a `family`",
                "this exercise has `lunge`, `lunge` has `legs`",
            ],
        );

        // Without a family, a session could hold both after a swap.
        let text = edit(&good, "supported-split-squat", "family = \"lunge\"\n", "");
        let text = edit(&text, "lunge", "family = \"lunge\"\n", "");
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "supported-split-squat", "harder = "),
                "this exercise has none, `lunge` has none",
            ],
        );
    }

    #[test]
    fn the_harder_variant_never_has_a_lower_intensity() {
        let text = edit(&with_chains(), "push-up", "intensity = 3", "intensity = 1");
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "knee-push-up", "harder = "),
                "field `harder`",
                "lower intensity: `push-up` has 1, this exercise has 2",
            ],
        );
    }

    #[test]
    fn links_go_both_ways() {
        let good = with_chains();
        let text = edit(&good, "push-up", "easier = \"knee-push-up\"\n", "");
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "knee-push-up", "harder = "),
                "field `harder`",
                "`push-up` must name this exercise as its `easier` (links go both ways), but it has none",
            ],
        );

        let text = edit(
            &good,
            "push-up",
            "easier = \"knee-push-up\"",
            "easier = \"wall-push-up\"",
        );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &[
                &at_line(&text, "knee-push-up", "harder = "),
                "`push-up` must name this exercise as its `easier`",
                "but it names `wall-push-up`",
            ],
        );
        assert_problem(
            &problems,
            &[
                &at_line(&text, "push-up", "easier = "),
                "exercise `push-up`: field `easier`",
                "`wall-push-up` must name this exercise as its `harder`",
                "but it names `knee-push-up`",
            ],
        );
    }

    #[test]
    fn a_chain_of_variants_must_end() {
        // Two stretches of the same intensity, each the other's harder
        // and easier variant: every link goes both ways, but the chain
        // goes round for ever.
        let text = edit(
            &with_chains(),
            "hamstring-stretch",
            "harder = \"seated-hamstring-stretch\"",
            "harder = \"seated-hamstring-stretch\"\neasier = \"seated-hamstring-stretch\"",
        );
        let text = edit(
            &text,
            "seated-hamstring-stretch",
            "easier = \"hamstring-stretch\"",
            "easier = \"hamstring-stretch\"\nharder = \"hamstring-stretch\"",
        );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &[
                &at_line(&text, "hamstring-stretch", "harder = "),
                "exercise `hamstring-stretch`: field `harder`",
                "following `harder` comes back here (hamstring-stretch → seated-hamstring-stretch → hamstring-stretch)",
            ],
        );
        // One loop, reported once (not again for `easier` or from the
        // other end).
        assert_eq!(
            problems.iter().filter(|p| p.contains("comes back")).count(),
            1,
            "{problems:#?}"
        );
    }

    #[test]
    fn a_harder_variant_needs_no_equipment_the_easier_one_does_not() {
        let good = with_chains();
        let text = edit(
            &good,
            "knee-push-up",
            "equipment = []",
            "equipment = [\"mat\"]",
        );
        let problems = problems_of(&text, &any_asset);
        assert_problem(
            &problems,
            &[
                &at_line(&text, "wall-push-up", "harder = "),
                "exercise `wall-push-up`: field `harder`",
                "`knee-push-up` needs an exercise mat, more than this exercise (a clear wall)",
            ],
        );
        // Stepping down to a move that needs a mat is left to the
        // planner, which checks what the person has.
        assert!(
            !problems.iter().any(|p| p.contains("`push-up`")),
            "{problems:#?}"
        );

        // The lying stretch needs a towel or a wall. With only a wall, the
        // seated stretch must still be possible.
        let text = edit(
            &good,
            "seated-hamstring-stretch",
            "equipment = []",
            "equipment = [\"towel\"]",
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "hamstring-stretch", "harder = "),
                "`seated-hamstring-stretch` needs a towel or strap, more than this exercise",
            ],
        );
    }

    #[test]
    fn a_swap_never_brings_in_weights() {
        let text = edit(
            &with_chains(),
            "wall-push-up",
            "load = \"bodyweight\"",
            "load = \"machine\"",
        );
        let text = edit(
            &text,
            "wall-push-up",
            "[\"wall\"]",
            "[\"wall\", \"machines\"]",
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "wall-push-up", "harder = "),
                "this exercise uses weights and `knee-push-up` does not",
            ],
        );
    }

    #[test]
    fn a_swap_keeps_the_tags_in_both_directions() {
        let good = with_chains();
        let text = edit(&good, "push-up", "tags = []", "tags = [\"extension\"]");
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "knee-push-up", "harder = "),
                "`push-up` has the tag `extension` and this exercise does not",
            ],
        );
        let text = edit(&good, "wall-push-up", "tags = []", "tags = [\"rotation\"]");
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "wall-push-up", "harder = "),
                "this exercise has the tag `rotation` and `knee-push-up` does not",
            ],
        );
    }

    #[test]
    fn stepping_down_never_adds_balance() {
        let text = edit(
            &with_chains(),
            "wall-push-up",
            "balance = false",
            "balance = true",
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "wall-push-up", "harder = "),
                "this exercise needs balance and `knee-push-up` does not",
            ],
        );
    }

    #[test]
    fn a_swap_keeps_the_cool_down_role() {
        let text = edit(
            &with_chains(),
            "seated-hamstring-stretch",
            "cooldown = true\n",
            "",
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "hamstring-stretch", "harder = "),
                "this exercise may end a session (`cooldown = true`) and `seated-hamstring-stretch` may not",
            ],
        );
    }

    #[test]
    fn exercises_the_planner_adds_have_no_variants() {
        let text = edit(
            &with_chains(),
            "sciatic-nerve-glide",
            "alt = \"A person sitting.\"",
            "alt = \"A person sitting.\"\nfamily = \"glide\"\nharder = \"standing-glide\"",
        ) + &variant_entry(
            "standing-glide",
            "warmup",
            "equipment = []\nintensity = 1\nposition = \"standing\"\nbalance = false\nfamily = \"glide\"\neasier = \"sciatic-nerve-glide\"",
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &[
                &at_line(&text, "sciatic-nerve-glide", "harder = "),
                "the planner adds `sciatic-nerve-glide` to every session of some plans, so it has no variants",
            ],
        );
    }

    #[test]
    fn avoided_moves_have_no_variants() {
        let text = GOOD.replacen(
            "instead = [\"brisk-walking\"]",
            "instead = [\"brisk-walking\"]\neasier = \"brisk-walking\"",
            1,
        );
        assert_problem(
            &problems_of(&text, &any_asset),
            &["exercise `running`", "field `easier`", "never prescribed"],
        );
    }

    #[test]
    fn a_link_to_an_entry_with_its_own_problems_is_not_reported_again() {
        let text = edit(&with_chains(), "push-up", "why = \"Strength.\"\n", "");
        let problems = problems_of(&text, &any_asset);
        assert_problem(&problems, &["exercise `push-up`", "field `why`"]);
        assert!(
            !problems.iter().any(|p| p.contains("field `harder`")),
            "{problems:#?}"
        );
    }

    #[test]
    fn doses_read_well_and_lighter_is_never_heavier() {
        assert_eq!(Dose::Reps { sets: 1, reps: 5 }.text(false), "1 set of 5");
        assert_eq!(
            Dose::Reps { sets: 2, reps: 8 }.text(true),
            "2 sets of 8 on each side"
        );
        assert_eq!(
            Dose::Hold {
                seconds: 10,
                reps: 5
            }
            .text(false),
            "hold for 10 seconds, 5 times"
        );
        assert_eq!(Dose::Minutes { minutes: 12 }.text(false), "12 minutes");
        for dose in [
            Dose::Reps { sets: 2, reps: 3 },
            Dose::Reps { sets: 1, reps: 5 },
            Dose::Hold {
                seconds: 5,
                reps: 2,
            },
            Dose::Hold {
                seconds: 20,
                reps: 8,
            },
            Dose::Minutes { minutes: 3 },
            Dose::Minutes { minutes: 30 },
        ] {
            assert!(dose.lighter().volume() <= dose.volume(), "{dose:?}");
        }
        assert_eq!(
            Dose::Reps { sets: 1, reps: 5 }.lighter(),
            Dose::Reps { sets: 1, reps: 3 }
        );
        assert_eq!(Dose::Reps { sets: 1, reps: 5 }.minutes(false), 1);
        assert_eq!(Dose::Reps { sets: 3, reps: 10 }.minutes(false), 4);
    }
}

#[cfg(test)]
mod shipped {
    use super::*;

    /// Every exercise slug agreed in coord/SLUGS.md, plus the ones issue 14
    /// added (the pelvic floor, the sciatic nerve glide and the supported
    /// versions for people at risk of falls) and the single-leg bridge
    /// (issue 15: the bridge's harder variant).
    pub const AGREED: [&str; 45] = [
        "marching-on-the-spot",
        "shoulder-rolls",
        "standing-hip-circles",
        "cat-cow",
        "sciatic-nerve-glide",
        "abdominal-brace",
        "pelvic-tilt",
        "bridge",
        "single-leg-bridge",
        "wall-sit",
        "dead-bug",
        "bird-dog",
        "side-lying-clam",
        "ball-seated-march",
        "ball-crunch",
        "pelvic-floor-squeeze",
        "lateral-raise",
        "lat-pulldown",
        "assisted-pull-up",
        "chest-fly",
        "bench-press",
        "incline-press",
        "leg-press",
        "leg-extension",
        "leg-curl",
        "sit-to-stand",
        "squat",
        "supported-split-squat",
        "lunge",
        "push-up",
        "knee-push-up",
        "wall-push-up",
        "supported-heel-raise",
        "hamstring-stretch",
        "seated-hamstring-stretch",
        "knee-to-chest",
        "prone-press-up",
        "glute-stretch",
        "quad-stretch",
        "knee-rolls",
        "water-aerobics",
        "water-walking",
        "brisk-walking",
        "elliptical",
        "step-machine",
    ];
    pub const AVOIDED: [&str; 6] = [
        "heavy-lifting",
        "overhead-lifting",
        "running",
        "road-cycling",
        "toe-touches",
        "back-extensions",
    ];

    #[test]
    fn the_shipped_catalog_has_every_agreed_slug_and_nothing_else() {
        let text = include_str!("../../content/exercises.toml");
        let catalog = Catalog::parse(text, "exercises.toml", &|_| true).unwrap();
        let slugs: Vec<&str> = catalog
            .exercises()
            .iter()
            .map(|e| e.slug.as_str())
            .collect();
        assert_eq!(slugs, AGREED.to_vec());
        let avoided: Vec<&str> = catalog.avoided().iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(avoided, AVOIDED.to_vec());
        assert!(catalog.exercises().len() >= 30);
        for e in catalog.exercises() {
            if e.category == Category::Strength {
                assert!(
                    e.safety
                        .to_lowercase()
                        .contains("brace your abdominals first"),
                    "{}",
                    e.slug
                );
            }
            assert!(e.summary.len() <= SUMMARY_MAX);
        }
    }

    /// Every chain of variants in the shipped catalog, easiest first, in
    /// the order of their first exercise in the file. A change to a link
    /// changes a plan after week 4, so it must change this list too.
    const CHAINS: [&[&str]; 8] = [
        &["abdominal-brace", "dead-bug"],
        &["pelvic-tilt", "bridge", "single-leg-bridge"],
        &["lat-pulldown", "assisted-pull-up"],
        &["sit-to-stand", "squat"],
        &["supported-split-squat", "lunge"],
        &["wall-push-up", "knee-push-up", "push-up"],
        &["hamstring-stretch", "seated-hamstring-stretch"],
        &["water-walking", "water-aerobics"],
    ];

    fn shipped() -> Catalog {
        Catalog::parse(
            include_str!("../../content/exercises.toml"),
            "exercises.toml",
            &|_| true,
        )
        .unwrap()
    }

    #[test]
    fn the_shipped_chains_of_variants_are_these() {
        let catalog = shipped();
        let mut chains: Vec<Vec<&str>> = Vec::new();
        for start in catalog.exercises() {
            if start.easier.is_some() || start.harder.is_none() {
                continue;
            }
            let mut chain = vec![start.slug.as_str()];
            let mut here = start;
            while let Some(next) = here.harder.as_deref().and_then(|s| catalog.exercise(s)) {
                chain.push(next.slug.as_str());
                here = next;
            }
            chains.push(chain);
        }
        let expected: Vec<Vec<&str>> = CHAINS.iter().map(|c| c.to_vec()).collect();
        assert_eq!(chains, expected);
        // Every linked exercise is in one of them.
        for e in catalog.exercises() {
            if e.easier.is_some() || e.harder.is_some() {
                assert!(
                    CHAINS.iter().any(|c| c.contains(&e.slug.as_str())),
                    "{}",
                    e.slug
                );
            }
        }
    }

    /// The links the loader allows but the planner's filters must still
    /// judge for each person (see `Checker::variants`). A new one here
    /// needs a look: is the swap really the same move?
    #[test]
    fn the_shipped_links_that_lean_on_the_planners_filters_are_these() {
        let catalog = shipped();
        let mut found: Vec<(&str, &str, &str)> = Vec::new();
        for easy in catalog.exercises() {
            let Some(hard) = easy.harder.as_deref().and_then(|s| catalog.exercise(s)) else {
                continue;
            };
            let pair = (easy.slug.as_str(), hard.slug.as_str());
            if hard.balance && !easy.balance {
                found.push((pair.0, pair.1, "the harder one needs balance"));
            }
            if hard.position.lies_on_back_or_front() && !easy.position.lies_on_back_or_front() {
                found.push((pair.0, pair.1, "the harder one lies on the back or front"));
            }
            if easy.position.lies_on_back_or_front() && !hard.position.lies_on_back_or_front() {
                found.push((pair.0, pair.1, "the easier one lies on the back or front"));
            }
            if !needs_nothing_more(easy, hard) {
                found.push((pair.0, pair.1, "the easier one needs other equipment"));
            }
        }
        assert_eq!(
            found,
            vec![
                (
                    "supported-split-squat",
                    "lunge",
                    "the harder one needs balance"
                ),
                (
                    "knee-push-up",
                    "push-up",
                    "the harder one lies on the back or front"
                ),
                (
                    "wall-push-up",
                    "knee-push-up",
                    "the easier one needs other equipment"
                ),
                (
                    "hamstring-stretch",
                    "seated-hamstring-stretch",
                    "the easier one lies on the back or front"
                ),
                (
                    "hamstring-stretch",
                    "seated-hamstring-stretch",
                    "the easier one needs other equipment"
                ),
            ]
        );
    }

    /// The pain-monitoring model, not "stop if it hurts": some discomfort is
    /// fine; sharp, spreading or rising pain means stop.
    #[test]
    fn shipped_texts_use_the_pain_monitoring_model() {
        let text = include_str!("../../content/exercises.toml");
        let catalog = Catalog::parse(text, "exercises.toml", &|_| true).unwrap();
        let old_rules = [
            "if it hurts",
            "if they hurt",
            "brings on pain",
            "bring on pain",
            "never pain",
            "stop if it makes",
        ];
        for e in catalog.exercises() {
            for line in e.steps.iter().chain(&e.cautions).chain([&e.safety]) {
                let lower = line.to_lowercase();
                for rule in old_rules {
                    assert!(!lower.contains(rule), "{}: {line:?}", e.slug);
                }
            }
        }
    }

    /// Readers are in pain and often on a phone: every entry's words, taken
    /// together, stay within the site's target reading grade.
    #[test]
    fn every_shipped_entry_reads_within_the_target_grade() {
        use crate::content::readability::{TARGET_GRADE, flesch_kincaid_grade};
        let text = include_str!("../../content/exercises.toml");
        let catalog = Catalog::parse(text, "exercises.toml", &|_| true).unwrap();
        let mut entries: Vec<(&str, String)> = catalog
            .exercises()
            .iter()
            .map(|e| {
                let mut words = vec![e.summary.as_str(), e.safety.as_str(), e.why.as_str()];
                words.extend(e.steps.iter().map(String::as_str));
                words.extend(e.cautions.iter().map(String::as_str));
                (e.slug.as_str(), words.join(" "))
            })
            .collect();
        entries.extend(
            catalog
                .avoided()
                .iter()
                .map(|a| (a.slug.as_str(), format!("{} {}", a.summary, a.reason))),
        );
        let hard: Vec<String> = entries
            .iter()
            .filter_map(|(slug, words)| {
                let grade = flesch_kincaid_grade(words)?;
                (grade > TARGET_GRADE).then(|| format!("{slug}: grade {grade:.1}"))
            })
            .collect();
        assert!(hard.is_empty(), "too hard to read: {hard:?}");
    }
}
