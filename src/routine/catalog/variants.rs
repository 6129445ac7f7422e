//! The `easier` and `harder` links between exercises: checked once every
//! entry is read, so a saved routine can go on past week 4 with the same
//! moves made harder or easier.

use std::collections::{BTreeSet, HashSet};

use super::validate::{At, Checker};
use super::{ADDED_BY_THE_PLANNER, Catalog, Equipment, Exercise};
use crate::content::is_slug;

/// Which way a variant link goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
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
pub(super) struct Link {
    pub from: String,
    pub direction: Direction,
    pub line: usize,
}

impl Checker<'_> {
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
    pub(super) fn variants(
        &mut self,
        catalog: &Catalog,
        links: &[Link],
        written: &HashSet<String>,
    ) {
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
pub(super) fn needs_nothing_more(variant: &Exercise, original: &Exercise) -> bool {
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
