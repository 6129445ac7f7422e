//! The recommender: what a page is about in, at most 3 supports out, each
//! with a one-line reason.
//!
//! How it scores, so anyone can check a result by hand:
//! 0. Products whose `not_for_worse` names one of the reader's `worse`
//!    answers are left out before anything is scored. They are left out,
//!    not moved down: the product's own page says it is not for this
//!    person, so showing it at all, even third and with a reason built from
//!    their answers, would contradict that page. Every step below, the
//!    default included, works on the products that are left.
//! 1. The context becomes *signals*. Each signal points at a place
//!    (office chair, car, sofa, bed, travel, wheelchair) or, for hints about
//!    which movements hurt, at a firmness; it has a weight and the words
//!    that start the reason ("You said sitting makes it worse").
//! 2. A product earns `weight × fit` from each signal. Fit to a place is 10
//!    when the product is made for it (listed first in its `contexts`), 6 when
//!    listed second, 4 when listed later, 0 otherwise. Fit to a firmness is 10
//!    when a product that sits against the lower back has that firmness.
//! 3. Products are ranked by total score, ties broken by their order in
//!    `supports.toml`; only those scoring above zero are shown, at most 3.
//! 4. The reason is the lead of the signal that earned the product the most,
//!    then the product's own `pitch`.
//! 5. When nothing scores, a default applies: most people sit for hours a
//!    day, so office-chair supports are shown.
//!
//! The routine's answers arrive as the routine's own types and every match
//! on them lists every value, so a new or renamed answer is a compile error
//! here rather than a recommendation quietly lost.
//!
//! Pure and deterministic: the same context and catalog give the same list.

use std::collections::BTreeSet;

use super::{Catalog, Firmness, MAX_PICKS, Support, UseContext};
use crate::routine::{Activity, Equipment, Worse};

/// The guide tag that marks a guide for people who are pregnant.
pub const PREGNANCY_TAG: &str = "pregnancy";

/// What a page knows about the reader's situation. Every field is optional;
/// an empty context gets the default picks.
///
/// Guide `tags` are free words (e.g. `sitting`, `sleep`); unknown tags are
/// ignored. Everything else is typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecommendContext {
    /// Places the page is about (a guide's `support_contexts`).
    pub support_contexts: Vec<UseContext>,
    /// A guide's tags.
    pub tags: Vec<String>,
    /// Routine answer: what makes the pain worse. Also rules products out
    /// (their `not_for_worse`).
    pub worse: BTreeSet<Worse>,
    /// Routine answer: equipment the reader has.
    pub equipment: BTreeSet<Equipment>,
    /// Routine answer: how active the reader is.
    pub activity: Option<Activity>,
    /// Routine answer: pregnant (rules out `not_in_pregnancy` products).
    pub pregnant: bool,
    /// Set on an exercise page.
    pub exercise: Option<ExerciseHint>,
}

/// What an exercise page passes: the exercise's equipment. Every exercise
/// page gets chair supports (between sessions most people sit); gym or pool
/// equipment adds the car.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExerciseHint {
    pub equipment: Vec<Equipment>,
}

fn owned<S: AsRef<str>>(values: &[S]) -> Vec<String> {
    values.iter().map(|v| v.as_ref().to_owned()).collect()
}

impl RecommendContext {
    /// For a guide page: its tags and its `support_contexts` slugs (unknown
    /// slugs are ignored; the guide loader checks them).
    /// A guide tagged `pregnancy` is read by people who are pregnant: it
    /// never shows a product marked `not_in_pregnancy`.
    pub fn for_guide<T: AsRef<str>, C: AsRef<str>>(tags: &[T], support_contexts: &[C]) -> Self {
        RecommendContext {
            support_contexts: support_contexts
                .iter()
                .filter_map(|c| UseContext::from_slug(c.as_ref()))
                .collect(),
            tags: owned(tags),
            pregnant: tags.iter().any(|t| t.as_ref() == PREGNANCY_TAG),
            ..RecommendContext::default()
        }
    }

    /// For the routine plan page: the checked `worse`, `equipment` and
    /// `activity` answers.
    pub fn for_routine(
        worse: impl IntoIterator<Item = Worse>,
        equipment: impl IntoIterator<Item = Equipment>,
        activity: Option<Activity>,
    ) -> Self {
        RecommendContext {
            worse: worse.into_iter().collect(),
            equipment: equipment.into_iter().collect(),
            activity,
            ..RecommendContext::default()
        }
    }

    /// For an exercise page: the exercise's equipment by public name
    /// ([`Equipment::as_str`]), as the exercise page has them. Names that
    /// are not equipment are ignored.
    pub fn for_exercise<E: AsRef<str>>(equipment: &[E]) -> Self {
        RecommendContext {
            exercise: Some(ExerciseHint {
                equipment: equipment
                    .iter()
                    .filter_map(|e| Equipment::parse(e.as_ref()))
                    .collect(),
            }),
            ..RecommendContext::default()
        }
    }
}

/// A recommended product and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation<'a> {
    pub support: &'a Support,
    pub score: u32,
    /// One line a person understands, e.g. "You said sitting makes it
    /// worse: a firm roll that …".
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Place(UseContext),
    Firmness(Firmness),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Signal {
    target: Target,
    weight: u32,
    lead: &'static str,
}

fn place(context: UseContext, weight: u32, lead: &'static str) -> Signal {
    Signal {
        target: Target::Place(context),
        weight,
        lead,
    }
}

/// The words that open a reason for a place a guide is about.
fn guide_place_lead(context: UseContext) -> &'static str {
    match context {
        UseContext::OfficeChair => "For sitting at a desk",
        UseContext::Car => "For the car",
        UseContext::Sofa => "For the sofa",
        UseContext::Bed => "For lying in bed",
        UseContext::Travel => "For travelling",
        UseContext::Wheelchair => "For a wheelchair",
    }
}

/// Equipment people usually travel to use (a gym or a pool), often by car.
fn away_from_home(equipment: Equipment) -> bool {
    match equipment {
        Equipment::Machines | Equipment::CardioMachine | Equipment::Pool => true,
        Equipment::Wall
        | Equipment::Towel
        | Equipment::Ball
        | Equipment::Mat
        | Equipment::Dumbbells => false,
    }
}

/// Turns a context into weighted signals, strongest evidence first. The
/// order matters only to break ties between equally strong reasons.
fn signals(ctx: &RecommendContext) -> Vec<Signal> {
    use UseContext::*;
    let mut out = Vec::new();

    // What the reader told us hurts is the strongest evidence.
    // No `_` arm: a new answer must be given a signal, or none, here.
    for worse in &ctx.worse {
        match worse {
            Worse::Sitting => out.push(place(OfficeChair, 4, "You said sitting makes it worse")),
            Worse::Driving => out.push(place(Car, 4, "You said driving makes it worse")),
            Worse::LyingDown => out.push(place(Bed, 4, "You said lying down makes it worse")),
            Worse::Morning => out.push(place(Bed, 2, "You said mornings are hardest")),
            // A symptom to tell a GP about (inflammatory back pain), not a
            // reason to buy anything.
            Worse::MorningStiffness => {}
            // Slumping rounds the lower back forward; a firm roll resists it.
            Worse::BendingForward => out.push(Signal {
                target: Target::Firmness(Firmness::Firm),
                weight: 1,
                lead: "You said bending forward makes it worse",
            }),
            // A firm roll pushes the lower back into more of an arch.
            Worse::ArchingBack => out.push(Signal {
                target: Target::Firmness(Firmness::Soft),
                weight: 2,
                lead: "You said arching your back makes it worse",
            }),
            // Standing and after-activity pain have no seat to support.
            Worse::Standing | Worse::AfterActivity => {}
        }
    }

    // Places a guide is written about: the author chose them, so they
    // outweigh a loosely related tag.
    for context in &ctx.support_contexts {
        out.push(place(*context, 6, guide_place_lead(*context)));
    }

    // Guide topics.
    for tag in &ctx.tags {
        match tag.as_str() {
            "sitting" => out.push(place(OfficeChair, 3, "This guide is about sitting")),
            "posture" => out.push(place(OfficeChair, 2, "This guide is about posture")),
            "sleep" => out.push(place(Bed, 3, "This guide is about sleep")),
            "daily-life" => {
                out.push(place(Sofa, 1, "For everyday sitting at home"));
                out.push(place(Car, 1, "For everyday trips by car"));
            }
            _ => {}
        }
    }

    match ctx.activity {
        Some(Activity::Sedentary) => {
            out.push(place(OfficeChair, 2, "You sit for much of the day"));
        }
        Some(Activity::Active | Activity::Athletic) => {
            out.push(place(Travel, 1, "You are often on the move"));
        }
        Some(Activity::Light) | None => {}
    }

    if let Some(exercise) = &ctx.exercise {
        out.push(place(
            OfficeChair,
            2,
            "Between sessions, how you sit matters too",
        ));
        if exercise.equipment.iter().copied().any(away_from_home) {
            out.push(place(Car, 1, "For the drive to the gym or pool"));
        }
    }

    if ctx.equipment.iter().copied().any(away_from_home) {
        out.push(place(Car, 1, "For the drive to the gym or pool"));
    }

    out
}

/// When nothing in the context points anywhere: most people sit for hours
/// a day, so chair supports are the most widely useful.
fn default_signals() -> Vec<Signal> {
    vec![place(
        UseContext::OfficeChair,
        1,
        "Most of us sit for hours each day",
    )]
}

fn fit(support: &Support, target: Target) -> u32 {
    match target {
        Target::Place(context) => support.fit(context),
        Target::Firmness(firmness) => {
            if support.kind.shapes_lower_back() && support.firmness == firmness {
                10
            } else {
                0
            }
        }
    }
}

/// Scores each of `candidates` (file position, product); returns the
/// scored ones, best first.
fn rank<'a>(candidates: &[(usize, &'a Support)], signals: &[Signal]) -> Vec<Recommendation<'a>> {
    let mut scored: Vec<(usize, Recommendation<'a>)> = candidates
        .iter()
        .filter_map(|&(position, support)| {
            let mut total = 0;
            let mut best: Option<(u32, &Signal)> = None;
            for signal in signals {
                let points = signal.weight * fit(support, signal.target);
                total += points;
                if points > 0 && best.is_none_or(|(b, _)| points > b) {
                    best = Some((points, signal));
                }
            }
            let (_, signal) = best?;
            Some((
                position,
                Recommendation {
                    support,
                    score: total,
                    reason: format!("{}: {}.", signal.lead, support.pitch),
                },
            ))
        })
        .collect();
    scored.sort_by(|(pa, a), (pb, b)| b.score.cmp(&a.score).then(pa.cmp(pb)));
    scored.into_iter().map(|(_, r)| r).collect()
}

/// At most 3 products for `ctx`, best first, each with its reason. None of
/// them is a product whose `not_for_worse` names one of `ctx.worse`. Empty
/// only when every product is ruled out that way: when nothing that is left
/// fits, the default applies to what is left.
pub fn recommend<'a>(catalog: &'a Catalog, ctx: &RecommendContext) -> Vec<Recommendation<'a>> {
    let candidates: Vec<(usize, &Support)> = catalog
        .items
        .iter()
        .enumerate()
        .filter(|(_, support)| support.ruled_out_by(ctx.worse.iter().copied()).is_none())
        .filter(|(_, support)| !(ctx.pregnant && support.not_in_pregnancy))
        .collect();
    let mut picks = rank(&candidates, &signals(ctx));
    if picks.is_empty() {
        picks = rank(&candidates, &default_signals());
    }
    if picks.is_empty() {
        // Nothing left for office chairs: show the first items left.
        picks = candidates
            .iter()
            .map(|&(_, support)| Recommendation {
                support,
                score: 0,
                reason: format!("{}: {}.", "One of our supports", support.pitch),
            })
            .collect();
    }
    picks.truncate(MAX_PICKS);
    picks
}

/// Up to 3 other products close to `support`: sharing the places it is
/// made for counts most, then being the same kind, then the same firmness.
pub fn similar<'a>(catalog: &'a Catalog, support: &Support) -> Vec<Recommendation<'a>> {
    let mut scored: Vec<(usize, Recommendation<'a>)> = catalog
        .items
        .iter()
        .enumerate()
        .filter(|(_, other)| other.slug != support.slug)
        .filter_map(|(position, other)| {
            let shared: Vec<(u32, UseContext)> = support
                .contexts
                .iter()
                .map(|c| (support.fit(*c) * other.fit(*c), *c))
                .filter(|(points, _)| *points > 0)
                .collect();
            let place_points: u32 = shared.iter().map(|(p, _)| p / 10).sum();
            let kind_points = if other.kind == support.kind { 5 } else { 0 };
            let firm_points = if other.firmness == support.firmness {
                2
            } else {
                0
            };
            let score = place_points + kind_points + firm_points;
            if place_points == 0 && kind_points == 0 {
                return None;
            }
            let reason = match shared
                .iter()
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            {
                Some((_, context)) if other.kind == support.kind => format!(
                    "Also a {} for {}: {}.",
                    other.kind.label().to_lowercase(),
                    context.phrase(),
                    other.pitch
                ),
                Some((_, context)) => {
                    format!("Also for {}: {}.", context.phrase(), other.pitch)
                }
                None => format!(
                    "Also a {}: {}.",
                    other.kind.label().to_lowercase(),
                    other.pitch
                ),
            };
            Some((
                position,
                Recommendation {
                    support: other,
                    score,
                    reason,
                },
            ))
        })
        .collect();
    scored.sort_by(|(pa, a), (pb, b)| b.score.cmp(&a.score).then(pa.cmp(pb)));
    scored.into_iter().map(|(_, r)| r).take(MAX_PICKS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::supports::shipped_catalog as shipped;
    use Worse::*;

    fn slugs(picks: &[Recommendation<'_>]) -> Vec<String> {
        picks.iter().map(|r| r.support.slug.clone()).collect()
    }

    #[track_caller]
    fn first_is(catalog: &Catalog, ctx: &RecommendContext, slug: &str, reason_starts: &str) {
        let picks = recommend(catalog, ctx);
        assert!(!picks.is_empty() && picks.len() <= 3, "{:?}", slugs(&picks));
        assert_eq!(picks[0].support.slug, slug, "ranked {:?}", slugs(&picks));
        assert!(
            picks[0].reason.starts_with(reason_starts),
            "reason: {}",
            picks[0].reason
        );
        // The reason goes on to say what the product does.
        assert!(picks[0].reason.contains(&picks[0].support.pitch));
        for pair in picks.windows(2) {
            assert!(pair[0].score >= pair[1].score);
        }
    }

    fn routine(worse: &[Worse]) -> RecommendContext {
        RecommendContext::for_routine(worse.iter().copied(), [], None)
    }

    #[test]
    fn sitting_worse_puts_the_firm_chair_roll_first() {
        first_is(
            &shipped(),
            &routine(&[Sitting]),
            "firm-lumbar-roll",
            "You said sitting makes it worse: ",
        );
    }

    #[test]
    fn driving_worse_puts_the_car_support_first() {
        first_is(
            &shipped(),
            &routine(&[Driving]),
            "car-seat-lumbar-support",
            "You said driving makes it worse: ",
        );
    }

    #[test]
    fn lying_down_worse_puts_the_sleeping_pillow_first() {
        let catalog = shipped();
        first_is(
            &catalog,
            &routine(&[LyingDown]),
            "sleeping-lumbar-pillow",
            "You said lying down makes it worse: ",
        );
        let picks = recommend(&catalog, &routine(&[LyingDown]));
        assert!(
            picks
                .iter()
                .all(|r| r.support.contexts.contains(&UseContext::Bed))
        );
    }

    #[test]
    fn arching_back_with_sitting_prefers_a_soft_roll() {
        first_is(
            &shipped(),
            &routine(&[Sitting, ArchingBack]),
            "soft-lumbar-roll",
            "You said sitting makes it worse: a soft",
        );
    }

    /// Every set of `worse` answers, `None` and each activity, and these
    /// equipment sets: none, each one alone, and all.
    fn every_routine_context() -> Vec<RecommendContext> {
        let mut equipment_sets: Vec<Vec<Equipment>> = vec![Vec::new(), Equipment::ALL.to_vec()];
        equipment_sets.extend(Equipment::ALL.iter().map(|e| vec![*e]));
        let activities = std::iter::once(None).chain(Activity::ALL.iter().copied().map(Some));
        let mut out = Vec::new();
        for activity in activities {
            for equipment in &equipment_sets {
                for mask in 0..1u32 << Worse::ALL.len() {
                    let worse = Worse::ALL
                        .iter()
                        .enumerate()
                        .filter(|(bit, _)| mask & (1 << bit) != 0)
                        .map(|(_, w)| *w);
                    out.push(RecommendContext::for_routine(
                        worse,
                        equipment.iter().copied(),
                        activity,
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn no_shown_pick_is_a_product_that_says_it_is_not_for_the_readers_answers() {
        let catalog = shipped();
        let everything: Vec<(usize, &Support)> = catalog.items.iter().enumerate().collect();
        let contexts = every_routine_context();
        assert_eq!(contexts.len(), 512 * 10 * 5);
        // How often ranking everything would have shown a ruled-out product:
        // proof that the shipped catalog exercises the rule at all.
        let mut would_have_shown = 0;
        for ctx in &contexts {
            let picks = recommend(&catalog, ctx);
            assert!(
                !picks.is_empty() && picks.len() <= MAX_PICKS,
                "{ctx:?}: {:?}",
                slugs(&picks)
            );
            for pick in &picks {
                assert_eq!(
                    pick.support.ruled_out_by(ctx.worse.iter().copied()),
                    None,
                    "{} is shown to someone it says it is not for: {ctx:?}",
                    pick.support.slug
                );
            }
            let unfiltered = rank(&everything, &signals(ctx));
            if unfiltered
                .iter()
                .take(MAX_PICKS)
                .any(|r| r.support.ruled_out_by(ctx.worse.iter().copied()).is_some())
            {
                would_have_shown += 1;
            }
        }
        assert!(would_have_shown > 1000, "{would_have_shown}");
    }

    #[test]
    fn lying_down_and_arching_back_leave_out_the_sleeping_pillow() {
        let catalog = shipped();
        let pillow = catalog.get("sleeping-lumbar-pillow").unwrap();
        assert_eq!(pillow.not_for_worse, [ArchingBack]);
        let picks = recommend(&catalog, &routine(&[LyingDown, ArchingBack]));
        assert!(
            picks.iter().all(|r| r.support.slug != pillow.slug),
            "{:?}",
            slugs(&picks)
        );
        // Something for lying down still comes first, for that reason.
        assert!(picks[0].support.contexts.contains(&UseContext::Bed));
        assert!(
            picks[0]
                .reason
                .starts_with("You said lying down makes it worse: "),
            "{}",
            picks[0].reason
        );
        // Firm chair supports that say the same are left out for sitting.
        let picks = recommend(&catalog, &routine(&[Sitting, ArchingBack]));
        for slug in ["firm-lumbar-roll", "strap-on-chair-support"] {
            assert!(slugs(&picks).iter().all(|s| s != slug), "{slug}");
        }
        assert!(
            picks
                .iter()
                .all(|r| r.support.contexts.contains(&UseContext::OfficeChair))
        );
    }

    #[test]
    fn when_answers_rule_out_every_product_for_a_place_the_default_applies_to_the_rest() {
        let mut catalog = shipped();
        for support in &mut catalog.items {
            if support.contexts.contains(&UseContext::Bed) {
                support.not_for_worse = vec![LyingDown];
            }
        }
        first_is(
            &catalog,
            &routine(&[LyingDown]),
            "firm-lumbar-roll",
            "Most of us sit for hours each day: ",
        );
        for r in recommend(&catalog, &routine(&[LyingDown])) {
            assert!(!r.support.contexts.contains(&UseContext::Bed));
        }

        // Nothing left at all: nothing is shown (the sidebar then links to
        // the full list) rather than a product that contradicts itself.
        for support in &mut catalog.items {
            support.not_for_worse = vec![Morning];
        }
        assert!(recommend(&catalog, &routine(&[Morning, Sitting])).is_empty());
        assert_eq!(recommend(&catalog, &routine(&[Sitting])).len(), 3);
    }

    #[test]
    fn each_guide_place_puts_a_product_made_for_it_first() {
        let catalog = shipped();
        for (context, slug, lead) in [
            (
                UseContext::OfficeChair,
                "firm-lumbar-roll",
                "For sitting at a desk: ",
            ),
            (UseContext::Car, "car-seat-lumbar-support", "For the car: "),
            (UseContext::Sofa, "sofa-lumbar-cushion", "For the sofa: "),
            (
                UseContext::Bed,
                "sleeping-lumbar-pillow",
                "For lying in bed: ",
            ),
            (
                UseContext::Travel,
                "inflatable-travel-pillow",
                "For travelling: ",
            ),
            (
                UseContext::Wheelchair,
                "wheelchair-lumbar-cushion",
                "For a wheelchair: ",
            ),
        ] {
            let ctx = RecommendContext::for_guide(&[] as &[&str], &[context.slug()]);
            first_is(&catalog, &ctx, slug, lead);
            let first = &recommend(&catalog, &ctx)[0];
            assert_eq!(first.support.contexts[0], context, "{slug}");
        }
    }

    #[test]
    fn guide_tags_alone_point_somewhere_sensible() {
        let catalog = shipped();
        first_is(
            &catalog,
            &RecommendContext::for_guide(&["sleep"], &[] as &[&str]),
            "sleeping-lumbar-pillow",
            "This guide is about sleep: ",
        );
        first_is(
            &catalog,
            &RecommendContext::for_guide(&["sitting", "posture"], &[] as &[&str]),
            "firm-lumbar-roll",
            "This guide is about sitting: ",
        );
    }

    #[test]
    fn a_guide_place_outweighs_a_loose_tag() {
        // The sitting guide is tagged posture but is about the car here.
        let ctx = RecommendContext::for_guide(&["posture"], &["car"]);
        let catalog = shipped();
        let picks = recommend(&catalog, &ctx);
        assert_eq!(picks[0].support.contexts[0], UseContext::Car);
        assert!(picks[0].reason.starts_with("For the car: "));
        // The firm roll fits both a desk (posture) and the car, but less
        // well than products made for the car.
        assert_ne!(picks[0].support.slug, "firm-lumbar-roll");
    }

    #[test]
    fn sedentary_and_active_readers_get_hints() {
        let catalog = shipped();
        first_is(
            &catalog,
            &RecommendContext::for_routine([], [], Some(Activity::Sedentary)),
            "firm-lumbar-roll",
            "You sit for much of the day: ",
        );
        first_is(
            &catalog,
            &RecommendContext::for_routine([], [], Some(Activity::Athletic)),
            "inflatable-travel-pillow",
            "You are often on the move: ",
        );
        first_is(
            &catalog,
            &RecommendContext::for_routine([], [Equipment::Pool], Some(Activity::Light)),
            "car-seat-lumbar-support",
            "For the drive to the gym or pool: ",
        );
    }

    #[test]
    fn an_exercise_page_gets_chair_supports_with_a_reason() {
        first_is(
            &shipped(),
            &RecommendContext::for_exercise(&["mat"]),
            "firm-lumbar-roll",
            "Between sessions, how you sit matters too: ",
        );
        // Pool or gym equipment adds the car: products that fit both climb.
        let catalog = shipped();
        let home = recommend(&catalog, &RecommendContext::for_exercise(&["mat"]));
        let pool = recommend(&catalog, &RecommendContext::for_exercise(&["pool"]));
        assert_eq!(home[0].score, 20);
        assert_eq!(pool[0].score, 26);
        assert!(
            pool.iter()
                .all(|r| r.support.contexts.contains(&UseContext::Car))
        );
    }

    #[test]
    fn no_context_or_nothing_that_fits_gives_the_default() {
        let catalog = shipped();
        for ctx in [
            RecommendContext::default(),
            routine(&[Standing, AfterActivity]),
            RecommendContext::for_guide(&["meditation", "wellbeing"], &["spaceship"]),
        ] {
            first_is(
                &catalog,
                &ctx,
                "firm-lumbar-roll",
                "Most of us sit for hours each day: ",
            );
            assert_eq!(recommend(&catalog, &ctx).len(), 3);
        }
    }

    #[test]
    fn the_strongest_signal_gives_the_reason() {
        // Driving (weight 4) beats the sofa hint from daily life (weight 1)
        // for a product that fits both.
        let catalog = shipped();
        let mut ctx = routine(&[Driving]);
        ctx.tags = vec!["daily-life".to_owned()];
        let picks = recommend(&catalog, &ctx);
        assert!(
            picks[0]
                .reason
                .starts_with("You said driving makes it worse")
        );
    }

    #[test]
    fn a_pregnancy_guide_never_shows_a_product_used_lying_on_the_back() {
        let catalog = shipped();
        let slugs = |ctx: &RecommendContext| -> Vec<String> {
            recommend(&catalog, ctx)
                .iter()
                .map(|r| r.support.slug.clone())
                .collect()
        };
        let bed = RecommendContext::for_guide(&[] as &[&str], &["bed"]);
        assert!(slugs(&bed).contains(&"sleeping-lumbar-pillow".to_owned()));
        let pregnant = RecommendContext::for_guide(&[PREGNANCY_TAG], &["bed"]);
        assert!(pregnant.pregnant);
        let shown = slugs(&pregnant);
        assert!(!shown.is_empty());
        assert!(
            !shown.contains(&"sleeping-lumbar-pillow".to_owned()),
            "{shown:?}"
        );
    }

    #[test]
    fn results_are_deterministic_capped_and_distinct() {
        let catalog = shipped();
        let ctx = RecommendContext {
            support_contexts: UseContext::ALL.to_vec(),
            tags: vec!["sitting".into(), "sleep".into()],
            worse: [Sitting, Driving, LyingDown].into(),
            equipment: [Equipment::Pool].into(),
            activity: Some(Activity::Sedentary),
            pregnant: false,
            exercise: None,
        };
        let a = recommend(&catalog, &ctx);
        let b = recommend(&catalog, &ctx);
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
        let mut s = slugs(&a);
        s.dedup();
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn scores_are_explainable_by_hand() {
        // worse=sitting: weight 4 × fit 10 (office chair listed first) = 40.
        let catalog = shipped();
        let picks = recommend(&catalog, &routine(&[Sitting]));
        assert_eq!(picks[0].score, 40);
    }

    #[test]
    fn similar_products_share_places_and_never_include_themselves() {
        let catalog = shipped();
        for support in &catalog.items {
            let picks = similar(&catalog, support);
            assert!(picks.len() <= 3);
            assert!(picks.iter().all(|r| r.support.slug != support.slug));
            assert!(picks.iter().all(|r| r.reason.starts_with("Also")));
        }
        let firm = catalog.get("firm-lumbar-roll").unwrap();
        let picks = similar(&catalog, firm);
        assert_eq!(
            picks[0].support.slug,
            "soft-lumbar-roll",
            "{:?}",
            slugs(&picks)
        );
        assert!(
            picks[0]
                .reason
                .starts_with("Also a lumbar roll for a desk or office chair")
        );
    }
}
