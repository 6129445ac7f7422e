//! What a plan says besides its sessions: each week's focus, the
//! avoid-list with reasons, the notes that follow from the answers and the
//! "see a GP soon" advice.

use crate::routine::answers::{Age, Answers, Duration, Leg, Pregnancy, Worse};
use crate::routine::catalog::{Catalog, Equipment, Exercise, Tag};
use crate::routine::signs::SeeSoon;

use super::GENTLE_FROM_PAIN;
use super::levels::{Dosing, Stage, Tier};
use super::outcome::{AvoidItem, ExerciseLink};
use super::profile::{Profile, fragile_bones, is_crunch};

pub(super) fn focus(week: usize, dosing: Dosing, profile: &Profile) -> String {
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
