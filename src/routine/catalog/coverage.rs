//! What the planner needs from the catalog as a whole: something safe for
//! each part of a session under every combination of restrictions, and the
//! exercises it adds to every session of some plans, fit for everyone.

use super::validate::{At, Checker};
use super::{ADDED_BY_THE_PLANNER, Catalog, Category, Exercise, Load, Tag};
use crate::content::ContentProblem;
use crate::routine::planner::{ALWAYS_EXCLUDED, is_crunch};

impl Checker<'_> {
    /// The planner needs, for every set of answers, something safe in each
    /// part of a session: with no equipment, at the lowest intensity, free
    /// of the avoid-list's kinds of load, not one of the exercises only the
    /// planner's rules add, and still there under every
    /// combination of the restrictions some people's plans apply (see
    /// [`Restrictions`]). Only the smallest failing combinations are
    /// reported: a gap under "no balance" is a gap under "no balance, no
    /// flexion" too.
    pub(super) fn coverage(&mut self, catalog: &Catalog) {
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
    pub(super) fn added_by_the_planner(&mut self, catalog: &Catalog, lines: &[usize]) {
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
