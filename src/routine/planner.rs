//! The planner: answers + catalog → a referral or a four-week plan (and,
//! for a saved routine, its weeks 5 to 12 at given levels:
//! [`plan_at_levels`]).
//!
//! Pure and deterministic: no clock, no randomness, no hash-map order; the
//! same answers give the same plan, byte for byte once serialized.
//!
//! How a plan is built:
//! 1. Warning signs are screened with the warning-signs table: an emergency
//!    sign, or an urgent one a doctor has not checked, gives
//!    [`Outcome::SeeADoctor`] and nothing else. Under 16 gets
//!    [`Outcome::NotForChildren`]; pain of 9 or 10 gets [`Outcome::EaseFirst`].
//! 2. A [`Profile`] is read from the answers: which spine movements,
//!    positions and balance demands to rule out, which equipment is there,
//!    whether weights are allowed, whether the plan must be gentle (pain ≥ 7,
//!    or urgent signs a doctor has checked), whether to start lower
//!    (sedentary, postnatal) and which exercises every session must have
//!    (pelvic floor in pregnancy and after birth, the nerve glide for
//!    sciatica).
//! 3. Each part of a session (warm-up, core, strength, stretches, cardio,
//!    cool-down) gets a pool of allowed exercises, in catalog order.
//! 4. Sessions are filled within the time budget: the core items first, then
//!    extras while they fit; cardio (in whole minutes) takes the rest so the
//!    session lands between 60% and 100% of the chosen minutes.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::answers::{Activity, Age, Answers, Cause, Duration, Leg, Pregnancy, Worse};
use super::catalog::{Catalog, Category, Dose, Equipment, Exercise, Position, Tag};
use super::screening::{RedFlag, Referral, Screened, screen};
use super::signs::{SeeSoon, WarningSigns};

/// Pain at or above this gets the gentle plan.
pub const GENTLE_FROM_PAIN: u8 = 7;
/// Pain at or above this gets no routine: ease the pain first.
pub const EASE_FIRST_FROM_PAIN: u8 = 9;
/// Added to every session in pregnancy and after birth.
pub const PELVIC_FLOOR: &str = "pelvic-floor-squeeze";
/// Added to every session when pain goes below the knee in one leg.
pub const NERVE_GLIDE: &str = "sciatic-nerve-glide";
/// Prescribed only when a rule above adds them, never picked as extras.
const ONLY_WHEN_NEEDED: [&str; 2] = [PELVIC_FLOOR, NERVE_GLIDE];
/// Shortest cardio piece in a session, in minutes.
pub const CARDIO_MIN: u32 = 3;
/// Cardio on strength days is kept short.
const STRENGTH_DAY_CARDIO: u32 = 5;
/// Gentle sessions stop at this many minutes (or 60% of the chosen time, if
/// that is more).
const GENTLE_CAP: u32 = 30;

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// What the planner answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// A warning sign: no routine, see a doctor.
    SeeADoctor(Referral),
    /// Under 16: the site is for adults; no routine.
    NotForChildren,
    /// Pain of 9 or 10 right now: how to ease it first; no routine.
    EaseFirst {
        pain: u8,
        /// Pain relief advice differs in pregnancy.
        pregnant: bool,
    },
    Plan(Plan),
}

/// A plan: four weeks from [`plan`], as many as levels from
/// [`plan_at_levels`]. Plain data, serializable as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Pain is 7 or more: no strength block, shorter sessions.
    pub gentle: bool,
    /// Starts below the usual week 1 and progresses more slowly.
    pub slower_start: bool,
    /// Each session's estimate lies between these (minutes).
    pub min_minutes: u32,
    pub max_minutes: u32,
    pub weeks: Vec<Week>,
    /// Moves to avoid, each with its reason: the avoid-list for everyone,
    /// then what was left out for this person.
    pub avoid: Vec<AvoidItem>,
    /// Advice that follows from the answers.
    pub notes: Vec<String>,
    /// Urgent warning signs a doctor has already checked (`assessed=yes`):
    /// the plan is gentle and names them with what would mean going back.
    #[serde(default)]
    pub checked: Vec<RedFlag>,
    /// "See a GP soon" advice from the answers, shown at the top.
    #[serde(default)]
    pub see_soon: Vec<SeeSoon>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// 1 to 4 (to 12 in a saved routine).
    pub number: u8,
    /// What changes this week, in a sentence.
    pub focus: String,
    /// Monday to Sunday, each naming its session (or a rest day).
    pub days: Vec<Day>,
    /// The week's different sessions, in order of first use; days refer to
    /// them by label.
    pub sessions: Vec<Session>,
}

impl Plan {
    /// Shortest and longest session of the plan, in minutes.
    pub fn session_minutes(&self) -> (u32, u32) {
        let minutes = self
            .weeks
            .iter()
            .flat_map(|w| w.sessions.iter().map(|s| s.minutes));
        let low = minutes.clone().min().unwrap_or(0);
        let high = minutes.max().unwrap_or(0);
        (low, high)
    }
}

impl Week {
    /// The session on a day, if it is not a rest day.
    pub fn session_on(&self, day: &Day) -> Option<&Session> {
        let label = day.session.as_deref()?;
        self.sessions.iter().find(|s| s.label == label)
    }

    /// Each day with its session (`None` on rest days).
    pub fn schedule(&self) -> impl Iterator<Item = (&Day, Option<&Session>)> {
        self.days.iter().map(|d| (d, self.session_on(d)))
    }

    pub fn session_count(&self) -> usize {
        self.days.iter().filter(|d| d.session.is_some()).count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    pub weekday: String,
    /// Label of the day's session in [`Week::sessions`]; `None`: rest day.
    pub session: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// Warm-up, core, strength, stretches, short cardio, cool-down.
    Strength,
    /// Warm-up, core, stretches, cardio, cool-down.
    Mobility,
    /// The gentle plan's session: easy moves only.
    Gentle,
}

impl SessionKind {
    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Strength => "Strength day",
            SessionKind::Mobility => "Core, stretching and cardio",
            SessionKind::Gentle => "Gentle movement",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// `A`, `B`, … within a week; the same label means the same session.
    pub label: String,
    pub kind: SessionKind,
    /// Estimated minutes: the sum of the items' minutes.
    pub minutes: u32,
    /// Parts in order: warm-up, core, strength, stretches, cardio, cool-down.
    pub blocks: Vec<Block>,
    /// The exercise left out after a flare-up (a saved routine's sessions
    /// after a very painful one, until a session feels fine again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<ExerciseLink>,
}

impl Session {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.blocks.iter().flat_map(|b| b.items.iter())
    }

    pub fn has(&self, part: Part) -> bool {
        self.blocks.iter().any(|b| b.part == part)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Warmup,
    Core,
    Strength,
    Stretch,
    Cardio,
    Cooldown,
}

impl Part {
    /// Most exercises of this part in one session; the rest of the time
    /// goes to cardio.
    fn most(self) -> usize {
        match self {
            Part::Warmup => 2,
            Part::Core => 3,
            Part::Strength => 4,
            Part::Stretch => 3,
            Part::Cardio | Part::Cooldown => 1,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Part::Warmup => "Warm-up",
            Part::Core => "Core",
            Part::Strength => "Strength",
            Part::Stretch => "Stretches",
            Part::Cardio => "Low-impact cardio",
            Part::Cooldown => "Cool-down",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub part: Part,
    pub items: Vec<Item>,
}

/// One exercise in a session, with this week's amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub slug: String,
    pub name: String,
    /// This week's dose in words, e.g. `2 sets of 8`.
    pub dosage: String,
    pub dose: Dose,
    /// Estimated whole minutes.
    pub minutes: u32,
}

/// Something to avoid, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvoidItem {
    pub name: String,
    pub reason: String,
    /// Exercise pages that explain it (an avoided move, or the exercises
    /// left out for this person).
    pub links: Vec<ExerciseLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseLink {
    pub slug: String,
    pub name: String,
}

/// The answers, reduced to what chooses and doses exercises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub gentle: bool,
    pub slower_start: bool,
    /// Tags no prescribed exercise may carry.
    pub excluded: BTreeSet<Tag>,
    /// Positions no prescribed exercise may use (pregnancy: lying on the
    /// back or front).
    pub excluded_positions: BTreeSet<Position>,
    /// No crunches (core work that bends the back forward): pregnancy and
    /// the first weeks after birth.
    pub no_crunch: bool,
    /// No exercise that needs balance without holding on: 65 and over and
    /// not very active, or osteoporosis (a fall costs more).
    pub no_balance: bool,
    /// Slugs every session must have, in this order.
    pub required: Vec<&'static str>,
    pub equipment: BTreeSet<Equipment>,
    pub weights_ok: bool,
    pub max_intensity: u8,
    pub days: u8,
    pub min_minutes: u32,
    pub max_minutes: u32,
}

/// Tags ruled out for everyone: the avoid-list's kinds of load.
pub const ALWAYS_EXCLUDED: [Tag; 3] = [Tag::Impact, Tag::HeavyLoad, Tag::Overhead];

/// Bones that may break more easily: osteoporosis given as the cause, or a
/// possible fracture (osteoporosis or long-term steroid tablets) that a
/// doctor has checked. Both get the Royal Osteoporosis Society's care: no
/// loaded bending or twisting, no jolting, no unsupported balance.
pub fn fragile_bones(answers: &Answers) -> bool {
    answers.cause == Cause::Osteoporosis || answers.red_flags.contains(&RedFlag::FractureRisk)
}

/// A crunch: core work that bends the back forward.
pub fn is_crunch(exercise: &Exercise) -> bool {
    exercise.category == Category::Core && exercise.has_tag(Tag::Flexion)
}

impl Profile {
    /// The profile for these answers. `checked`: urgent warning signs were
    /// given and a doctor has checked them (the plan is then gentle).
    pub fn new(answers: &Answers, checked: bool) -> Profile {
        let gentle = answers.pain >= GENTLE_FROM_PAIN || checked;
        let osteo = fragile_bones(answers);
        let mut excluded: BTreeSet<Tag> = ALWAYS_EXCLUDED.into_iter().collect();
        if osteo || answers.worse.contains(&Worse::BendingForward) {
            excluded.insert(Tag::Flexion);
        }
        if osteo {
            excluded.insert(Tag::Rotation);
        }
        if answers.worse.contains(&Worse::ArchingBack) {
            excluded.insert(Tag::Extension);
        }
        let pregnant = answers.pregnancy == Pregnancy::Pregnant;
        let postnatal = answers.pregnancy == Pregnancy::Postnatal;
        let mut excluded_positions = BTreeSet::new();
        if pregnant {
            excluded_positions.extend([Position::LyingBack, Position::LyingFront]);
        }
        let less_active = matches!(answers.activity, Activity::Sedentary | Activity::Light);
        let older_less_active = answers.age == Some(Age::Senior) && less_active;
        // Pregnancy: pelvic girdle pain advice is to avoid standing on one
        // leg and wide or split stances.
        let no_balance = osteo || older_less_active || pregnant;
        let mut required = Vec::new();
        if pregnant || postnatal {
            required.push(PELVIC_FLOOR);
        }
        if answers.leg == Leg::BelowKnee {
            required.push(NERVE_GLIDE);
        }
        let chosen = u32::from(answers.minutes);
        let min_minutes = (chosen * 3).div_ceil(5);
        let max_minutes = if gentle {
            min_minutes.max(GENTLE_CAP.min(chosen * 3 / 4))
        } else {
            chosen
        };
        Profile {
            gentle,
            slower_start: answers.activity == Activity::Sedentary || gentle || postnatal,
            excluded,
            excluded_positions,
            no_crunch: pregnant || postnatal,
            no_balance,
            required,
            equipment: answers.equipment.clone(),
            // After a birth, weights wait for the postnatal check, whatever
            // was answered about clearance.
            weights_ok: answers.cleared && !gentle && !postnatal,
            max_intensity: if gentle {
                1
            } else if answers.activity == Activity::Sedentary || postnatal || older_less_active {
                2
            } else {
                3
            },
            days: answers.days,
            min_minutes,
            max_minutes,
        }
    }

    /// May this exercise appear in this person's plan at all?
    pub fn allows(&self, exercise: &Exercise) -> bool {
        exercise.fits(&self.equipment)
            && !exercise.tags.iter().any(|t| self.excluded.contains(t))
            && !self.excluded_positions.contains(&exercise.position)
            && (!self.no_balance || !exercise.balance)
            && (!self.no_crunch || !is_crunch(exercise))
            && exercise.intensity <= self.max_intensity
            && (!exercise.uses_weights() || self.weights_ok)
            && !(self.gentle && exercise.category == Category::Strength)
    }
}

/// Which dose of the catalog's four weeks a plan week uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Lighter than the catalog's week 1.
    Lighter,
    /// The catalog's week (0-based).
    Week(usize),
}

impl Stage {
    fn dose(self, exercise: &Exercise) -> Dose {
        match self {
            Stage::Lighter => exercise.dosage.weeks[0].lighter(),
            Stage::Week(i) => exercise.dosage.weeks[i.min(3)],
        }
    }
}

/// A week's amounts as a number, for adapting a plan to how it goes:
/// `-1` is lighter than the catalog's week 1, `0` to `3` are the catalog's
/// weeks 1 to 4. Lower is easier.
pub type Step = i8;
/// The lightest and the heaviest step.
pub const STEP_MIN: Step = -1;
pub const STEP_MAX: Step = 3;

/// Which version of each exercise a week uses: the easier variant, the
/// exercise itself, or the harder variant (the catalog's `easier` and
/// `harder` links), where the person's rules allow one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Easier,
    Base,
    Harder,
}

/// A week's level: the tier of its exercises and the step of their
/// amounts within it. Levels are ordered easier (steps -1 to the top),
/// then base, then harder; weeks 1 to 4 of a new plan are in the base
/// tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Level {
    pub tier: Tier,
    pub step: Step,
}

impl Level {
    /// The base tier at `step`: the plan as the planner first makes it.
    pub const fn base(step: Step) -> Level {
        Level {
            tier: Tier::Base,
            step,
        }
    }

    /// Steps in one tier of a plan whose highest step is `top`.
    fn width(top: Step) -> i16 {
        i16::from(top.clamp(STEP_MIN, STEP_MAX)) - i16::from(STEP_MIN) + 1
    }

    /// This level's place on the ladder of a plan whose highest step is
    /// `top`: 0 is the easier tier's lightest step.
    pub fn index(self, top: Step) -> i16 {
        let tier = match self.tier {
            Tier::Easier => 0,
            Tier::Base => 1,
            Tier::Harder => 2,
        };
        let step = i16::from(self.step.clamp(STEP_MIN, top.clamp(STEP_MIN, STEP_MAX)));
        tier * Level::width(top) + step - i16::from(STEP_MIN)
    }

    /// The level at a place on the ladder (clamped to the ladder).
    pub fn at(index: i16, top: Step) -> Level {
        let width = Level::width(top);
        let index = index.clamp(0, 3 * width - 1);
        let tier = match index / width {
            0 => Tier::Easier,
            1 => Tier::Base,
            _ => Tier::Harder,
        };
        let step = Step::try_from(index % width + i16::from(STEP_MIN)).unwrap_or(STEP_MIN);
        Level { tier, step }
    }
}

/// How one day's session is dosed: the week's level, and whether its
/// hardest exercise is paused (after a flare-up, until a session feels fine
/// again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Setting {
    pub level: Level,
    pub drop_hardest: bool,
}

impl Setting {
    /// The level as it is, nothing paused.
    pub const fn at(level: Level) -> Setting {
        Setting {
            level,
            drop_hardest: false,
        }
    }
}

/// A week's settings, Monday first: usually the same every day; after a
/// flare-up or a harder session than is good, the days after it are
/// lighter.
pub type WeekSettings = [Setting; 7];

/// The highest step of a plan as the planner makes it: the catalog's week
/// 4 for most, week 3 after a slower start, week 1 for a gentle plan.
pub fn top_step(gentle: bool, slower_start: bool) -> Step {
    planned_steps(gentle, slower_start)
        .into_iter()
        .max()
        .unwrap_or(STEP_MAX)
}

impl Stage {
    fn step(self) -> Step {
        match self {
            Stage::Lighter => -1,
            Stage::Week(i) => Step::try_from(i).unwrap_or(STEP_MAX),
        }
    }

    fn from_step(step: Step) -> Stage {
        match step {
            ..=-1 => Stage::Lighter,
            n => Stage::Week(usize::try_from(n.min(STEP_MAX)).unwrap_or(0)),
        }
    }
}

/// The steps of a plan's four weeks as the planner made them: gentle plans
/// stay light, slower starts begin below week 1.
pub fn planned_steps(gentle: bool, slower_start: bool) -> [Step; 4] {
    stage_list(gentle, slower_start).map(Stage::step)
}

fn stages(profile: &Profile) -> [Stage; 4] {
    stage_list(profile.gentle, profile.slower_start)
}

fn stage_list(gentle: bool, slower_start: bool) -> [Stage; 4] {
    if gentle {
        [
            Stage::Lighter,
            Stage::Lighter,
            Stage::Week(0),
            Stage::Week(0),
        ]
    } else if slower_start {
        [
            Stage::Lighter,
            Stage::Week(0),
            Stage::Week(1),
            Stage::Week(2),
        ]
    } else {
        [
            Stage::Week(0),
            Stage::Week(1),
            Stage::Week(2),
            Stage::Week(3),
        ]
    }
}

/// Weekday indexes (0 = Monday) with a session, spread out over the week.
pub fn session_days(days: u8) -> Vec<usize> {
    match days {
        0..=2 => vec![0, 3],
        3 => vec![0, 2, 4],
        4 => vec![0, 1, 3, 5],
        5 => vec![0, 1, 2, 4, 5],
        6 => vec![0, 1, 2, 3, 4, 5],
        _ => vec![0, 1, 2, 3, 4, 5, 6],
    }
}

/// Weekday indexes of strength sessions: two or three, never on two days in
/// a row (Sunday and Monday count as in a row).
pub fn strength_days(days: u8) -> Vec<usize> {
    match days {
        0..=2 => vec![0, 3],
        3 => vec![0, 4],
        4 => vec![0, 3],
        _ => vec![0, 2, 4],
    }
}

/// The plan for these answers, or what to do instead: a referral when a
/// warning sign calls for one, the adults-only answer under 16, or how to
/// ease severe pain first.
pub fn plan(answers: &Answers, catalog: &Catalog, signs: &WarningSigns) -> Outcome {
    plan_with(answers, catalog, signs, None)
}

/// The plan for these answers with each week's amounts set by `steps`
/// (clamped from [`STEP_MIN`] to the planner's own top step for this
/// person, so a gentle plan stays gentle) instead of the planner's own
/// progression: how a saved routine adapts to its log. Everything else,
/// every safety rule included, is the planner's, so an adapted plan keeps
/// them all. Warning signs, age and pain still decide first.
pub fn plan_at_steps(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    steps: &[Step; 4],
) -> Outcome {
    plan_at_levels(answers, catalog, signs, &steps.map(Level::base))
}

/// The plan for these answers with one week per level, numbered from 1:
/// how a saved routine goes on past week 4 (12 weeks). Each level is
/// clamped to this person's ladder: steps from [`STEP_MIN`] to the
/// planner's own top step, and never the harder tier in a gentle plan.
/// In the harder (easier) tier each exercise is swapped, in its place,
/// for its `harder` (`easier`) variant when the catalog has one that
/// [`Profile::allows`]; the others keep the base tier's top (lightest)
/// amounts, so moving up a level never makes an exercise lighter.
pub fn plan_at_levels(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    levels: &[Level],
) -> Outcome {
    let weeks: Vec<WeekSettings> = levels.iter().map(|l| [Setting::at(*l); 7]).collect();
    plan_with(answers, catalog, signs, Some(&weeks))
}

/// [`plan_at_levels`] with a setting per day: how a saved routine goes
/// lighter for the rest of a week after a session that hurt too much,
/// with the hardest exercise of each of those sessions paused after a
/// flare-up. Which exercises a week uses still follows its place in the
/// calendar (the planner's own order for weeks 1 to 4, the top week's
/// after them), so a week that moves up or down keeps the same exercises
/// (or their variants) at other amounts.
pub fn plan_at_settings(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    weeks: &[WeekSettings],
) -> Outcome {
    plan_with(answers, catalog, signs, Some(weeks))
}

/// Which of the tiers would change any exercise of this person's plan: is
/// there a harder (easier) version of one of its exercises that they may
/// do? A saved routine only moves into a tier that changes something, so
/// it never says "harder versions" when there are none (in pregnancy, say).
/// `(false, false)` when the answers give no plan.
pub fn tiers_that_change(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
) -> (bool, bool) {
    let profile = Profile::new(answers, false);
    let top = top_step(profile.gentle, profile.slower_start);
    // Compared in weeks 5 to 8, which pick exercises in one order.
    let levels = [
        Level::base(top),
        Level::base(top),
        Level::base(top),
        Level::base(top),
        Level::base(top),
        Level {
            tier: Tier::Harder,
            step: top,
        },
        Level::base(STEP_MIN),
        Level {
            tier: Tier::Easier,
            step: STEP_MIN,
        },
    ];
    let Outcome::Plan(plan) = plan_at_levels(answers, catalog, signs, &levels) else {
        return (false, false);
    };
    let slugs = |w: usize| -> BTreeSet<&str> {
        plan.weeks
            .get(w)
            .into_iter()
            .flat_map(|week| week.sessions.iter().flat_map(|s| s.items()))
            .map(|item| item.slug.as_str())
            .collect()
    };
    (slugs(4) != slugs(5), slugs(6) != slugs(7))
}

fn plan_with(
    answers: &Answers,
    catalog: &Catalog,
    signs: &WarningSigns,
    levels: Option<&[WeekSettings]>,
) -> Outcome {
    let checked = match screen(&answers.red_flags, signs, answers.assessed) {
        Screened::Refer(referral) => return Outcome::SeeADoctor(referral),
        Screened::Checked(flags) => flags,
        Screened::Clear => Vec::new(),
    };
    if answers.age == Some(Age::Under16) {
        return Outcome::NotForChildren;
    }
    if answers.pain >= EASE_FIRST_FROM_PAIN {
        return Outcome::EaseFirst {
            pain: answers.pain,
            pregnant: answers.pregnancy == Pregnancy::Pregnant,
        };
    }
    let profile = Profile::new(answers, !checked.is_empty());
    let pools = Pools::new(&profile, catalog);
    let top = top_step(profile.gentle, profile.slower_start);
    // Each week's days as dosings, with the order its exercises are picked
    // in: its place in the calendar, not its amounts.
    let planned = stages(&profile);
    let order_of = |w: usize| planned.get(w).copied().unwrap_or(Stage::from_step(top));
    let dosings: Vec<[(Dosing, bool); 7]> = match levels {
        // Never past the planner's own top amounts for this person (a
        // gentle plan stays gentle), never below the lightest.
        Some(weeks) => weeks
            .iter()
            .enumerate()
            .map(|(w, days)| {
                days.map(|setting| {
                    let level = if profile.gentle && setting.level.tier == Tier::Harder {
                        Level::base(top)
                    } else {
                        setting.level
                    };
                    (
                        Dosing::new(
                            level.tier,
                            Stage::from_step(level.step.clamp(STEP_MIN, top)),
                            top,
                            order_of(w),
                        ),
                        setting.drop_hardest,
                    )
                })
            })
            .collect(),
        None => planned
            .iter()
            .map(|stage| [(Dosing::new(Tier::Base, *stage, top, *stage), false); 7])
            .collect(),
    };
    let on = session_days(profile.days);
    let strong = if profile.gentle {
        Vec::new()
    } else {
        strength_days(profile.days)
    };
    // Sessions repeat across weeks at the same level: build each once.
    let mut built: Vec<((Dosing, bool, SessionKind, usize), Session)> = Vec::new();
    let weeks = dosings
        .iter()
        .enumerate()
        .map(|(w, week)| {
            let mut sessions: Vec<Session> = Vec::new();
            let mut keys: Vec<(Dosing, bool, SessionKind, usize)> = Vec::new();
            let (mut strength_n, mut other_n) = (0, 0);
            let mut days = Vec::with_capacity(7);
            for (d, weekday) in WEEKDAYS.iter().enumerate() {
                let mut session = None;
                if on.contains(&d) {
                    let (dosing, drop_hardest) = week[d];
                    let (kind, variant) = if strong.contains(&d) {
                        strength_n += 1;
                        (SessionKind::Strength, (strength_n - 1) % 2)
                    } else {
                        other_n += 1;
                        let kind = if profile.gentle {
                            SessionKind::Gentle
                        } else {
                            SessionKind::Mobility
                        };
                        (kind, (other_n - 1) % 2)
                    };
                    let key = (dosing, drop_hardest, kind, variant);
                    let index = match keys.iter().position(|k| *k == key) {
                        Some(i) => i,
                        None => {
                            let mut new = match built.iter().find(|(k, _)| *k == key) {
                                Some((_, s)) => s.clone(),
                                None => {
                                    let s = build_session(
                                        &pools,
                                        &profile,
                                        dosing,
                                        kind,
                                        variant,
                                        drop_hardest,
                                    );
                                    built.push((key, s.clone()));
                                    s
                                }
                            };
                            new.label = label(sessions.len());
                            sessions.push(new);
                            keys.push(key);
                            sessions.len() - 1
                        }
                    };
                    session = Some(label(index));
                }
                days.push(Day {
                    weekday: (*weekday).to_owned(),
                    session,
                });
            }
            Week {
                number: u8::try_from(w + 1).unwrap_or(u8::MAX),
                focus: focus(w, week[0].0, &profile),
                days,
                sessions,
            }
        })
        .collect();
    Outcome::Plan(Plan {
        gentle: profile.gentle,
        slower_start: profile.slower_start,
        min_minutes: profile.min_minutes,
        max_minutes: profile.max_minutes,
        weeks,
        avoid: avoid_list(answers, &profile, catalog),
        notes: notes(answers, &profile),
        see_soon: see_soon(answers),
        checked,
    })
}

fn label(index: usize) -> String {
    let letter = b'A' + u8::try_from(index % 26).unwrap_or(0);
    char::from(letter).to_string()
}

fn focus(week: usize, dosing: Dosing, profile: &Profile) -> String {
    match (dosing.tier, week, dosing.stage) {
        (Tier::Harder, _, Stage::Lighter | Stage::Week(0)) => {
            "Harder versions of some of your exercises, where there is one that suits you: start them with fewer repetitions and shorter holds. The others stay at your top amounts.".to_owned()
        }
        (Tier::Harder, ..) => {
            "Add a little to the harder versions: a few more repetitions or a slightly longer hold. Stay at last week's amount if this feels too much.".to_owned()
        }
        (Tier::Easier, ..) => {
            "Easier versions of some of your exercises, and light amounts of the others, while your back settles. You move back up as your sessions go well.".to_owned()
        }
        (Tier::Base, 0, Stage::Lighter) => {
            "Start lighter than usual: fewer repetitions and shorter holds while your body gets used to moving again.".to_owned()
        }
        (Tier::Base, 0, _) => "Start gently and learn each move. Take your time.".to_owned(),
        (Tier::Base, _, Stage::Lighter) => {
            "Stay at the same easy amount. Only move on when it feels comfortable.".to_owned()
        }
        _ if profile.gentle => {
            "Add a little, if the last weeks felt comfortable. If not, repeat the earlier amounts."
                .to_owned()
        }
        _ => "Add a little: a few more repetitions or a slightly longer hold. Stay at last week's amount if this feels too much.".to_owned(),
    }
}

/// How a week doses its exercises: the tier's variants at the week's
/// stage, and the exercises without a variant in that tier at `base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dosing {
    tier: Tier,
    stage: Stage,
    /// The base tier's top for the harder tier, its lightest for the
    /// easier one: a level up never makes an exercise lighter.
    base: Stage,
    /// The week's place in the calendar, which decides the order the
    /// strength moves are picked in (easier ones first early on).
    order: Stage,
}

impl Dosing {
    fn new(tier: Tier, stage: Stage, top: Step, order: Stage) -> Dosing {
        let base = match tier {
            Tier::Base => stage,
            Tier::Harder => Stage::from_step(top),
            Tier::Easier => Stage::Lighter,
        };
        Dosing {
            tier,
            stage,
            base,
            order,
        }
    }
}

/// An exercise with the stage of its amounts this week.
type Pick<'a> = (&'a Exercise, Stage);

/// The allowed exercises for each part, in catalog order.
struct Pools<'a> {
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
    fn new(profile: &Profile, catalog: &'a Catalog) -> Pools<'a> {
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

fn build_session(
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

    // After a flare-up, the hardest exercise is paused; gentle cardio
    // (below) makes up the time, as moving gently helps a flare-up settle.
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

fn links<'a>(exercises: impl Iterator<Item = &'a Exercise>) -> Vec<ExerciseLink> {
    exercises
        .map(|e| ExerciseLink {
            slug: e.slug.clone(),
            name: e.name.clone(),
        })
        .collect()
}

pub(crate) fn avoid_list(
    answers: &Answers,
    profile: &Profile,
    catalog: &Catalog,
) -> Vec<AvoidItem> {
    let mut out: Vec<AvoidItem> = catalog
        .avoided()
        .iter()
        .map(|a| AvoidItem {
            name: a.name.clone(),
            reason: a.reason.clone(),
            links: vec![ExerciseLink {
                slug: a.slug.clone(),
                name: a.name.clone(),
            }],
        })
        .collect();
    let exercises = catalog.exercises();
    let osteo = fragile_bones(answers);
    let bending = answers.worse.contains(&Worse::BendingForward);
    if osteo || bending {
        let why = match (osteo, bending) {
            (true, true) => {
                "You told us your bones may be thinner (osteoporosis, or a possible fracture a doctor has checked) and that bending forward makes your pain worse. Bending the back forward under load is hard on thin bones, so we left these out."
            }
            (true, false) => {
                "With thinner bones (osteoporosis, or a possible fracture a doctor has checked), bending the back forward under load is hard on them, so we left these out."
            }
            _ => "You told us bending forward makes your pain worse, so we left these out.",
        };
        out.push(AvoidItem {
            name: "Moves that bend your back forward".to_owned(),
            reason: why.to_owned(),
            links: links(exercises.iter().filter(|e| e.has_tag(Tag::Flexion))),
        });
    }
    if answers.worse.contains(&Worse::ArchingBack) {
        out.push(AvoidItem {
            name: "Moves that arch your back".to_owned(),
            reason: "You told us leaning or arching backwards makes your pain worse, so we left out moves such as press-ups from the floor.".to_owned(),
            links: links(exercises.iter().filter(|e| e.has_tag(Tag::Extension))),
        });
    }
    if osteo {
        out.push(AvoidItem {
            name: "Twisting moves".to_owned(),
            reason: "With thinner bones, the Royal Osteoporosis Society advises care with twisting, above all when it is combined with bending or a load, so we left these out.".to_owned(),
            links: links(exercises.iter().filter(|e| e.has_tag(Tag::Rotation))),
        });
        out.push(AvoidItem {
            name: "Jumping and other jolting moves".to_owned(),
            reason:
                "Jolting moves are hard on thinner bones. Every move in this plan is low impact."
                    .to_owned(),
            links: Vec::new(),
        });
    }
    if !profile.excluded_positions.is_empty() {
        out.push(AvoidItem {
            name: "Exercises lying on your back or front".to_owned(),
            reason: "You told us you are pregnant. Later in pregnancy, lying flat on your back can make you feel faint, and lying on your front gets uncomfortable, so this plan uses moves done standing, sitting, kneeling or on your side.".to_owned(),
            links: links(
                exercises
                    .iter()
                    .filter(|e| profile.excluded_positions.contains(&e.position)),
            ),
        });
    }
    if profile.no_crunch {
        out.push(AvoidItem {
            name: "Crunches and sit-ups".to_owned(),
            reason: "Your tummy muscles stretch in pregnancy and take time to come back together after birth. Crunches strain them, so the core work in this plan starts with your pelvic floor and deep tummy muscles instead.".to_owned(),
            links: links(exercises.iter().filter(|e| is_crunch(e))),
        });
    }
    if profile.no_balance {
        let why = if osteo {
            "With thinner bones, a fall is more likely to break a bone. This plan uses versions you do holding on to a chair or worktop."
        } else if answers.pregnancy == Pregnancy::Pregnant {
            "In pregnancy, standing on one leg or in a wide or split stance can strain the pelvis (pelvic girdle pain), so this plan uses moves with both feet down or holding on."
        } else {
            "At 65 and over, a fall costs more, so until your strength builds up this plan uses versions you do holding on to a chair or worktop."
        };
        out.push(AvoidItem {
            name: "Exercises that need balance without holding on".to_owned(),
            reason: why.to_owned(),
            links: links(exercises.iter().filter(|e| e.balance)),
        });
    }
    if profile.gentle {
        let reason = if answers.pain >= GENTLE_FROM_PAIN {
            "Your pain is 7 or more out of 10, so this plan has no strength block. Add strength work once the pain is lower: change your answers then."
        } else {
            "A doctor has checked your warning signs, so this plan starts gentle and has no strength block yet. Ask them when to add strength work."
        };
        out.push(AvoidItem {
            name: "Strength exercises, for now".to_owned(),
            reason: reason.to_owned(),
            links: Vec::new(),
        });
    } else if !answers.cleared {
        out.push(AvoidItem {
            name: "Weight machines and dumbbells".to_owned(),
            reason: "Use weights only once a doctor or physiotherapist has said you can. Until then, this plan uses your own body weight.".to_owned(),
            links: links(exercises.iter().filter(|e| e.uses_weights())),
        });
    }
    out
}

/// The pain-monitoring rule, shown with every plan (physiotherapy practice:
/// Silbernagel et al. 2007; Smith et al. 2017).
pub const PAIN_RULE: &str = "How much pain is fine: some pain while you exercise, up to about 5 out of 10, is fine if it settles within a day and your back is no worse the next morning. Ease off when it goes above that. Stop an exercise that brings sharp pain or pain spreading down a leg (or further down it than usual).";

pub(crate) fn notes(answers: &Answers, profile: &Profile) -> Vec<String> {
    let mut notes = vec![PAIN_RULE.to_owned()];
    if answers.pain >= GENTLE_FROM_PAIN {
        notes.push("Your pain is high right now, so this plan is gentle and the sessions are short. Change your answers when the pain is lower to get a fuller plan. If it is no easier after a few days, or pain relief and heat do not help, talk to a pharmacist or GP.".to_owned());
    }
    match answers.duration {
        Duration::Acute => notes.push("Most new back pain gets better within a few weeks or months, and keeping active helps it along. It can come back; that is common and does not mean damage.".to_owned()),
        Duration::Subacute => notes.push("Pain that has lasted more than 6 weeks can still get better. Steady exercise, a little more each week, is one of the things that helps most.".to_owned()),
        Duration::Chronic => notes.push("With long-lasting pain, steady activity helps more than rest. Small amounts done often beat big efforts now and then.".to_owned()),
    }
    if profile.slower_start && !profile.gentle {
        if answers.pregnancy == Pregnancy::Postnatal {
            notes.push("You had a baby recently, so the plan starts lower than usual and adds less each week. After a caesarean or a difficult birth, ask at your postnatal check before you add strength work.".to_owned());
        } else {
            notes.push("You were not very active before the pain, so the plan starts lower than usual and adds less each week.".to_owned());
        }
    }
    match answers.pregnancy {
        Pregnancy::Pregnant => notes.push("You are pregnant: keeping active is good for you and your baby. Breathe out as you make an effort and never hold your breath. The pelvic floor exercise is in every session; do it every day. Pain at the front or back of the pelvis (pelvic girdle pain) is common, and a maternity physiotherapist can help: ask your midwife, as many areas let you refer yourself. If you have a pregnancy complication, ask your midwife or doctor which exercise is right for you.".to_owned()),
        Pregnancy::Postnatal => notes.push("After a birth, your pelvic floor comes first: the exercise is in every session, and it is worth doing every day. Ask your midwife, health visitor or GP about a physiotherapist if you leak urine or feel heaviness down below.".to_owned()),
        Pregnancy::No => {}
    }
    match answers.leg {
        Leg::BelowKnee => notes.push("Pain going below the knee in one leg is the pattern of sciatica. Keep moving as normally as you can, and break up sitting into short spells. Each session starts with a nerve glide: a gentle sliding move that many people find eases the leg. Keep it small if it stirs up the leg pain.".to_owned()),
        Leg::Thigh => notes.push("Pain that spreads into the buttock or thigh is common with back pain, and it usually eases as your back does.".to_owned()),
        Leg::None => {}
    }
    if answers.age == Some(Age::Senior) {
        notes.push("Strength and balance exercise is safe at any age, and it makes everyday things such as stairs and getting up from a chair easier.".to_owned());
    }
    if fragile_bones(answers) {
        notes.push("With thinner bones, strength exercise is good for them (Royal Osteoporosis Society). This plan leaves out bending forward under load, twisting, jolting and moves that need balance without holding on.".to_owned());
    }
    if answers.worse.contains(&Worse::Sitting) || answers.worse.contains(&Worse::Driving) {
        notes.push("Sitting makes your pain worse: break up long spells of sitting or driving with a short walk, and find a seat position that feels comfortable.".to_owned());
    }
    if answers.worse.contains(&Worse::Standing) {
        notes.push("Standing makes your pain worse: change position often and sit down for a moment when you need to.".to_owned());
    }
    if answers.worse.contains(&Worse::MorningStiffness)
        && !see_soon(answers).contains(&SeeSoon::Inflammatory)
    {
        notes.push("You said your back is stiff for more than half an hour in the morning. If that is still so once the pain has lasted 3 months, tell your GP: with some other signs, it can point to a kind of back pain that has its own treatment.".to_owned());
    }
    if answers.worse.contains(&Worse::AfterActivity) {
        notes.push("Your pain is worse after activity: that is why the plan adds only a little each week. Notice how your back feels the next morning before you add more.".to_owned());
    }
    if answers.worse.contains(&Worse::LyingDown) {
        notes.push("Your pain is worse lying down: a pillow between your knees, or under them when you lie on your back, helps some people get comfortable.".to_owned());
    }
    if answers.equipment.contains(&Equipment::Pool) {
        notes.push("Cardio in this plan is in the water. If you cannot get to the pool on a session day, do the rest of the session at home and walk instead.".to_owned());
    }
    if !answers.equipment.contains(&Equipment::Mat) {
        notes.push(
            "For moves on the floor, a carpet or a folded blanket works well if you have no mat."
                .to_owned(),
        );
    }
    notes
}

/// "See a GP soon" advice that follows from the answers (not a reason to
/// wait before exercising).
pub fn see_soon(answers: &Answers) -> Vec<SeeSoon> {
    let mut out = Vec::new();
    if matches!(answers.age, Some(Age::Teen | Age::Older | Age::Senior)) {
        out.push(SeeSoon::FirstPainAge);
    }
    // NICE NG65 looks at pain that started before 45, which the age group
    // cannot tell apart: the row says "started before you were 45".
    if answers.duration == Duration::Chronic && answers.worse.contains(&Worse::MorningStiffness) {
        out.push(SeeSoon::Inflammatory);
    }
    if matches!(answers.duration, Duration::Subacute | Duration::Chronic) {
        out.push(SeeSoon::NotImproving);
    }
    if answers.leg == Leg::BelowKnee {
        out.push(SeeSoon::SciaticaNotImproving);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_days_match_the_count_and_strength_days_are_never_in_a_row() {
        for days in 2..=7u8 {
            let on = session_days(days);
            assert_eq!(on.len(), usize::from(days));
            let strong = strength_days(days);
            assert!((2..=3).contains(&strong.len()), "{days}");
            for d in &strong {
                assert!(on.contains(d), "{days}: strength day {d} has no session");
                let next = (d + 1) % 7;
                assert!(!strong.contains(&next), "{days}: {d} and {next} in a row");
            }
        }
    }
}
