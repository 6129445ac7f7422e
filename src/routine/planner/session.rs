//! One session, filled within its time budget: the allowed exercises of
//! each part ([`Pools`]), swapped for their variants in a week's tier, then
//! picked most important first, with cardio taking the rest of the time.

use crate::routine::catalog::{Catalog, Category, Dose, Equipment, Exercise};

use super::levels::{Dosing, Stage, Tier};
use super::outcome::{Block, ExerciseLink, Item, Part, Session, SessionKind};
use super::profile::Profile;
use super::{CARDIO_MIN, NERVE_GLIDE, PELVIC_FLOOR};

/// Prescribed only when a rule of the [`Profile`] adds them, never picked
/// as extras.
const ONLY_WHEN_NEEDED: [&str; 2] = [PELVIC_FLOOR, NERVE_GLIDE];
/// Cardio on strength days is kept short.
const STRENGTH_DAY_CARDIO: u32 = 5;

/// An exercise with the stage of its amounts this week.
type Pick<'a> = (&'a Exercise, Stage);

/// The allowed exercises for each part, in catalog order.
pub(super) struct Pools<'a> {
    /// Every exercise this person may be given as an extra: where a
    /// variant must be found.
    allowed: Vec<&'a Exercise>,
    /// What every session must have, with the part it goes in.
    required: Vec<(Part, &'a Exercise)>,
    warmup: Vec<&'a Exercise>,
    core: Vec<&'a Exercise>,
    strength: Vec<&'a Exercise>,
    stretch: Vec<&'a Exercise>,
    cardio: Vec<&'a Exercise>,
    cooldown: Vec<&'a Exercise>,
}

impl<'a> Pools<'a> {
    pub(super) fn new(profile: &Profile, catalog: &'a Catalog) -> Pools<'a> {
        let allowed: Vec<&Exercise> = catalog
            .exercises()
            .iter()
            .filter(|e| profile.allows(e) && !ONLY_WHEN_NEEDED.contains(&e.slug.as_str()))
            .collect();
        // A required exercise that this person's rules would filter out is
        // left out: the rules that keep people safe come first. The loader
        // makes sure the shipped ones pass every rule.
        let required = profile
            .required
            .iter()
            .filter_map(|slug| catalog.exercise(slug))
            .filter(|e| profile.allows(e))
            .map(|e| {
                let part = match e.category {
                    Category::Warmup => Part::Warmup,
                    Category::Core => Part::Core,
                    Category::Strength => Part::Strength,
                    Category::Stretch => Part::Stretch,
                    Category::Cardio => Part::Cardio,
                };
                (part, e)
            })
            .collect();
        let of = |category: Category| -> Vec<&'a Exercise> {
            allowed
                .iter()
                .copied()
                .filter(|e| e.category == category)
                .collect()
        };
        let strength = of(Category::Strength);
        // With a pool, water exercise is the cardio.
        let all_cardio = of(Category::Cardio);
        let water: Vec<&Exercise> = all_cardio
            .iter()
            .copied()
            .filter(|e| e.uses(Equipment::Pool))
            .collect();
        let cardio = if water.is_empty() { all_cardio } else { water };
        Pools {
            allowed: allowed.clone(),
            required,
            warmup: of(Category::Warmup),
            core: of(Category::Core),
            strength,
            stretch: of(Category::Stretch),
            cardio,
            cooldown: allowed.iter().copied().filter(|e| e.cooldown).collect(),
        }
    }
}

impl<'a> Pools<'a> {
    /// `exercise`'s variant in `tier`, if the catalog links one and this
    /// person may do it (and it keeps to water when the exercise does, for
    /// the pool's cardio).
    fn variant(&self, exercise: &Exercise, tier: Tier) -> Option<&'a Exercise> {
        let slug = match tier {
            Tier::Base => return None,
            Tier::Harder => exercise.harder.as_deref()?,
            Tier::Easier => exercise.easier.as_deref()?,
        };
        self.allowed.iter().copied().find(|e| {
            e.slug == slug
                && e.category == exercise.category
                && e.uses(Equipment::Pool) == exercise.uses(Equipment::Pool)
        })
    }

    /// `list` in `dosing`'s tier: each exercise swapped in its place for
    /// its variant (at the week's stage), or kept (at the base stage); an
    /// exercise already in the list is not added twice.
    fn in_tier(&self, list: &[&'a Exercise], dosing: Dosing) -> Vec<Pick<'a>> {
        let mut out: Vec<Pick<'a>> = Vec::with_capacity(list.len());
        for exercise in list {
            let pick = match self.variant(exercise, dosing.tier) {
                Some(variant) => (variant, dosing.stage),
                None => (*exercise, dosing.base),
            };
            if !out.iter().any(|(e, _)| std::ptr::eq(*e, pick.0)) {
                out.push(pick);
            }
        }
        out
    }
}

/// `pool` starting at `variant`'s half, so two variants of a session lead
/// with different exercises but can both use the whole pool.
fn rotated<'a>(pool: &[&'a Exercise], variant: usize) -> Vec<&'a Exercise> {
    if pool.is_empty() {
        return Vec::new();
    }
    let start = (variant * pool.len().div_ceil(2)) % pool.len();
    pool[start..]
        .iter()
        .chain(&pool[..start])
        .copied()
        .collect()
}

/// Picks exercises for a session within its time budget.
struct Filler<'a> {
    chosen: Vec<(Part, &'a Exercise, Dose, u32)>,
    total: u32,
}

impl<'a> Filler<'a> {
    fn used(&self, exercise: &Exercise) -> bool {
        // Pools hold references into one catalog, so identity is enough.
        self.chosen
            .iter()
            .any(|(_, e, _, _)| std::ptr::eq(*e, exercise))
    }

    fn family_taken(&self, exercise: &Exercise) -> bool {
        exercise.family.as_ref().is_some_and(|family| {
            self.chosen
                .iter()
                .any(|(_, e, _, _)| e.family.as_ref() == Some(family))
        })
    }

    /// Has this part an exercise already?
    fn has(&self, part: Part) -> bool {
        self.chosen.iter().any(|(p, ..)| *p == part)
    }

    /// Minutes of the shortest unused exercise in `pool` (0 if none).
    fn shortest(&self, pool: &[Pick<'_>]) -> u32 {
        pool.iter()
            .filter(|(e, _)| !self.used(e) && !self.family_taken(e))
            .map(|(e, stage)| stage.dose(e).minutes(e.dosage.per_side))
            .min()
            .unwrap_or(0)
    }

    /// Pauses the hardest exercise after a flare-up: the core, strength or
    /// stretching move with the highest intensity (the first of equals),
    /// never one the person's rules require in every session, and never
    /// the only one of its part, so every session keeps its shape.
    fn drop_hardest(&mut self, required: &[(Part, &Exercise)]) -> Option<ExerciseLink> {
        let is_required =
            |exercise: &Exercise| required.iter().any(|(_, r)| std::ptr::eq(*r, exercise));
        let mut hardest: Option<(usize, u8)> = None;
        for (i, (part, exercise, ..)) in self.chosen.iter().enumerate() {
            let in_part = self.chosen.iter().filter(|(p, ..)| p == part).count();
            if matches!(part, Part::Core | Part::Strength | Part::Stretch)
                && in_part > 1
                && !is_required(exercise)
                && hardest.is_none_or(|(_, h)| exercise.intensity > h)
            {
                hardest = Some((i, exercise.intensity));
            }
        }
        let (i, _) = hardest?;
        let (_, exercise, _, minutes) = self.chosen.remove(i);
        self.total = self.total.saturating_sub(minutes);
        Some(ExerciseLink {
            slug: exercise.slug.clone(),
            name: exercise.name.clone(),
        })
    }

    /// Adds the first unused exercise of `pool` that fits under `limit`,
    /// unless the part has its fill already. Never two of one family.
    fn add(&mut self, part: Part, pool: &[Pick<'a>], limit: u32) -> bool {
        if self.chosen.iter().filter(|(p, ..)| *p == part).count() >= part.most() {
            return false;
        }
        for (exercise, stage) in pool {
            if self.used(exercise) || self.family_taken(exercise) {
                continue;
            }
            let dose = stage.dose(exercise);
            let minutes = dose.minutes(exercise.dosage.per_side);
            if self.total + minutes <= limit {
                self.chosen.push((part, exercise, dose, minutes));
                self.total += minutes;
                return true;
            }
            // The next exercise may be shorter; keep looking.
        }
        false
    }
}

pub(super) fn build_session(
    pools: &Pools<'_>,
    profile: &Profile,
    dosing: Dosing,
    kind: SessionKind,
    variant: usize,
    drop_hardest: bool,
) -> Session {
    // The exercises without a variant in this tier, and the required ones,
    // are at the base stage.
    let stage = dosing.base;
    let warmup = pools.in_tier(&rotated(&pools.warmup, variant), dosing);
    let core = pools.in_tier(&rotated(&pools.core, variant), dosing);
    // Weights stay ahead of bodyweight moves in both variants.
    let strength = if kind == SessionKind::Strength {
        let (weights, body): (Vec<&Exercise>, Vec<&Exercise>) =
            pools.strength.iter().partition(|e| e.uses_weights());
        // Easier variations first in the early weeks, harder ones later:
        // by the week's place in the calendar, so a week moved up or down
        // keeps its exercises.
        let mut body = rotated(&body, variant);
        match dosing.order {
            Stage::Week(2 | 3) => body.sort_by_key(|e| std::cmp::Reverse(e.intensity)),
            _ => body.sort_by_key(|e| e.intensity),
        }
        let mut list = rotated(&weights, variant);
        list.extend(body);
        pools.in_tier(&list, dosing)
    } else {
        Vec::new()
    };
    let stretch = pools.in_tier(&rotated(&pools.stretch, variant), dosing);
    let cooldown = pools.in_tier(&rotated(&pools.cooldown, variant), dosing);
    let cardio = pools.in_tier(&rotated(&pools.cardio, variant), dosing);

    let upper = profile.max_minutes;
    let mut fill = Filler {
        chosen: Vec::new(),
        total: 0,
    };
    // 0. What every session of this person's plan must have, whatever the
    //    time: it comes first and the rest fits around it. When this week's
    //    amounts would leave no room for a warm-up and the shortest cardio,
    //    the required moves stay at their lightest amounts instead.
    let at_stage: u32 = pools
        .required
        .iter()
        .map(|(_, e)| stage.dose(e).minutes(e.dosage.per_side))
        .sum();
    let covered = |part: Part| pools.required.iter().any(|(p, _)| *p == part);
    let mut essentials = vec![(Part::Warmup, &warmup), (Part::Core, &core)];
    if kind == SessionKind::Strength {
        essentials.push((Part::Strength, &strength));
    }
    let essential: u32 = essentials
        .iter()
        .filter(|(part, _)| !covered(*part))
        .map(|(_, pool)| fill.shortest(pool))
        .sum();
    let required_stage = if at_stage + essential + CARDIO_MIN > upper {
        Stage::Lighter
    } else {
        stage
    };
    for (part, exercise) in &pools.required {
        let dose = required_stage.dose(exercise);
        let minutes = dose.minutes(exercise.dosage.per_side);
        fill.chosen.push((*part, exercise, dose, minutes));
        fill.total += minutes;
    }
    // The cardio this week, before fitting it to the session.
    let cardio_target = cardio
        .first()
        .map(|(e, stage)| match stage.dose(e) {
            Dose::Minutes { minutes } => u32::from(minutes),
            other => other.minutes(false),
        })
        .unwrap_or(CARDIO_MIN);
    let cardio_target = if kind == SessionKind::Strength {
        cardio_target.min(STRENGTH_DAY_CARDIO)
    } else {
        cardio_target
    }
    .max(CARDIO_MIN);

    // 1. The backbone, most important first: a warm-up, core work, a
    //    strength move on strength days, then stretches, a second strength
    //    move and a cool-down. Each pick leaves room for the shortest choice
    //    of every essential part still to come, and for the shortest cardio.
    let mut slots: Vec<(Part, &[Pick<'_>], bool)> =
        vec![(Part::Warmup, &warmup, true), (Part::Core, &core, true)];
    if kind == SessionKind::Strength {
        slots.push((Part::Strength, &strength, true));
    }
    slots.push((Part::Stretch, &stretch, false));
    if kind == SessionKind::Strength {
        slots.push((Part::Strength, &strength, false));
    }
    slots.push((Part::Cooldown, &cooldown, false));
    for (i, (part, pool, _)) in slots.iter().enumerate() {
        let reserve: u32 = slots[i + 1..]
            .iter()
            .filter(|(part, _, essential)| *essential && !fill.has(*part))
            .map(|(_, pool, _)| fill.shortest(pool))
            .sum();
        let room = upper.saturating_sub(CARDIO_MIN + reserve);
        fill.add(*part, pool, room);
    }

    // 2. Extras, a round at a time, leaving room for this week's cardio.
    let room = upper.saturating_sub(cardio_target);
    loop {
        let mut added = false;
        if kind == SessionKind::Strength {
            added |= fill.add(Part::Strength, &strength, room);
        }
        added |= fill.add(Part::Core, &core, room);
        added |= fill.add(Part::Stretch, &stretch, room);
        added |= fill.add(Part::Warmup, &warmup, room);
        if !added {
            break;
        }
    }

    // After a flare-up, the hardest exercise is paused (the pain-monitoring
    // model, Silbernagel et al. 2007); gentle cardio (below) makes up the
    // time, as staying active helps back pain settle and bed rest does not
    // (NICE NG59; NHS back pain).
    let paused = if drop_hardest {
        fill.drop_hardest(&pools.required)
    } else {
        None
    };

    // 3. Cardio takes what is left: this week's amount, more if the session
    //    would otherwise be under 60% of the chosen time, never past it.
    if let Some((exercise, _)) = cardio.first() {
        let left = upper.saturating_sub(fill.total);
        let minutes = cardio_target
            .max(profile.min_minutes.saturating_sub(fill.total))
            .max(CARDIO_MIN)
            .min(left);
        if minutes > 0 {
            let dose = Dose::Minutes {
                minutes: u16::try_from(minutes).unwrap_or(u16::MAX),
            };
            fill.chosen.push((Part::Cardio, exercise, dose, minutes));
            fill.total += minutes;
        }
    }

    let mut blocks: Vec<Block> = Vec::new();
    for part in [
        Part::Warmup,
        Part::Core,
        Part::Strength,
        Part::Stretch,
        Part::Cardio,
        Part::Cooldown,
    ] {
        let items: Vec<Item> = fill
            .chosen
            .iter()
            .filter(|(p, ..)| *p == part)
            .map(|(_, exercise, dose, minutes)| Item {
                slug: exercise.slug.clone(),
                name: exercise.name.clone(),
                dosage: dose.text(exercise.dosage.per_side),
                dose: *dose,
                minutes: *minutes,
            })
            .collect();
        if !items.is_empty() {
            blocks.push(Block { part, items });
        }
    }
    Session {
        label: String::new(),
        kind,
        minutes: fill.total,
        blocks,
        paused,
    }
}
