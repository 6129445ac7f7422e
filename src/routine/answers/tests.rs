//! Decoding, checking and writing back the answers.

use super::decode::MINUTES_TEXT_MAX;
use super::*;

const FULL: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&worse=bending_forward&cause=strain&activity=light&days=3&minutes=20&equipment=wall&equipment=towel&cleared=no";

#[test]
fn a_full_query_decodes_and_round_trips() {
    let answers = Answers::from_query(FULL).unwrap();
    assert_eq!(answers.pain, 4);
    assert_eq!(answers.duration, Duration::Acute);
    assert!(answers.worse.contains(&Worse::BendingForward));
    assert_eq!(answers.minutes, 20);
    assert!(!answers.cleared);
    assert!(answers.red_flags.is_empty());
    let query = answers.to_query();
    assert_eq!(Answers::from_query(&query).unwrap(), answers);
    assert_eq!(Answers::from_query(&query).unwrap().to_query(), query);
}

#[test]
fn unknown_parameters_are_ignored_and_order_does_not_matter() {
    let mut parts: Vec<&str> = FULL.split('&').collect();
    parts.reverse();
    let query = format!("utm_source=x&{}&zzz=1", parts.join("&"));
    assert_eq!(
        Answers::from_query(&query).unwrap(),
        Answers::from_query(FULL).unwrap()
    );
}

#[test]
fn an_empty_query_reports_every_required_field_in_form_order() {
    let invalid = Answers::from_query("").unwrap_err();
    let fields: Vec<Field> = invalid.errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![
            Field::RedFlag,
            Field::Age,
            Field::Pain,
            Field::Duration,
            Field::Cause,
            Field::Activity,
            Field::Days,
            Field::Minutes,
            Field::Cleared
        ]
    );
}

#[test]
fn out_of_range_and_unknown_values_are_errors_and_valid_answers_are_kept() {
    let query = FULL
        .replace("pain=4", "pain=11")
        .replace("minutes=20", "minutes=61")
        .replace("days=3", "days=1")
        .replace("equipment=towel", "equipment=trampoline")
        .replace("cause=strain", "cause=aliens");
    let invalid = Answers::from_query(&query).unwrap_err();
    for field in [
        Field::Pain,
        Field::Minutes,
        Field::Days,
        Field::Equipment,
        Field::Cause,
    ] {
        assert!(invalid.error(field).is_some(), "{field:?}");
    }
    assert!(invalid.error(Field::Duration).is_none());
    assert_eq!(invalid.draft.duration, Some(Duration::Acute));
    assert!(invalid.draft.equipment.contains(&Equipment::Wall));
    assert_eq!(invalid.draft.minutes, "61");
    assert_eq!(invalid.draft.pain, None);
}

#[test]
fn repeated_single_value_parameters_are_errors() {
    for (name, value) in [
        ("age", "20-49"),
        ("pain", "4"),
        ("minutes", "20"),
        ("cleared", "no"),
        ("days", "3"),
    ] {
        let query = format!("{FULL}&{name}={value}");
        let invalid = Answers::from_query(&query).unwrap_err();
        assert_eq!(invalid.errors.len(), 1, "{name}: {:?}", invalid.errors);
        assert_eq!(invalid.errors[0].field.name(), name);
    }
    // The optional ones too, when given twice.
    for (name, value) in [("leg", "none"), ("pregnancy", "no"), ("assessed", "yes")] {
        let query = format!("{FULL}&{name}={value}&{name}={value}");
        let invalid = Answers::from_query(&query).unwrap_err();
        assert_eq!(invalid.errors.len(), 1, "{name}: {:?}", invalid.errors);
        assert_eq!(invalid.errors[0].field.name(), name);
    }
    // Repeatable ones may repeat, even with the same value.
    assert!(Answers::from_query(&format!("{FULL}&worse=sitting")).is_ok());
}

#[test]
fn none_with_a_flag_is_an_error_but_flags_are_still_read() {
    let query = FULL.replace("red_flag=none", "red_flag=none&red_flag=fever");
    let invalid = Answers::from_query(&query).unwrap_err();
    assert!(invalid.error(Field::RedFlag).unwrap().contains("not both"));
    let flags = FULL.replace("red_flag=none", "red_flag=fever&red_flag=chest_pain");
    let answers = Answers::from_query(&flags).unwrap();
    assert_eq!(answers.red_flags, vec![RedFlag::ChestPain, RedFlag::Fever]);
    assert!(
        answers
            .to_query()
            .starts_with("red_flag=chest_pain&red_flag=fever&")
    );
}

#[test]
fn numbers_must_be_plain_whole_numbers() {
    for bad in ["4.5", "-1", "%2B4", "four", "0x4", "99999999999999999999"] {
        let query = FULL.replace("pain=4", &format!("pain={bad}"));
        let invalid = Answers::from_query(&query).unwrap_err();
        assert!(invalid.error(Field::Pain).is_some(), "{bad}");
    }
    let spaced = FULL.replace("minutes=20", "minutes=+20+");
    assert_eq!(Answers::from_query(&spaced).unwrap().minutes, 20);
}

#[test]
fn hostile_text_is_cut_and_broken_encoding_is_survived() {
    let query = format!(
        "{}&minutes=%3Cscript%3E{}",
        FULL.replace("&minutes=20", ""),
        "x".repeat(500)
    );
    let invalid = Answers::from_query(&query).unwrap_err();
    assert!(invalid.draft.minutes.chars().count() <= MINUTES_TEXT_MAX);
    assert!(Answers::from_query("%ff%fe=%c3%28&pain=%").is_err());
}

#[test]
fn the_newer_questions_default_when_optional_and_round_trip_when_given() {
    let answers = Answers::from_query(FULL).unwrap();
    assert_eq!(answers.age, Some(Age::Adult));
    assert_eq!(answers.leg, Leg::None);
    assert_eq!(answers.pregnancy, Pregnancy::No);
    assert!(!answers.assessed);
    // Defaults are left out of the canonical query.
    let query = answers.to_query();
    for name in ["leg=", "pregnancy=", "assessed="] {
        assert!(!query.contains(name), "{query}");
    }
    let given = format!("{FULL}&leg=below_knee&pregnancy=postnatal&assessed=yes");
    let answers = Answers::from_query(&given).unwrap();
    assert_eq!(answers.leg, Leg::BelowKnee);
    assert_eq!(answers.pregnancy, Pregnancy::Postnatal);
    assert!(answers.assessed);
    assert_eq!(Answers::from_query(&answers.to_query()).unwrap(), answers);
}

#[test]
fn sixty_five_plus_survives_being_typed_into_an_address() {
    for spelled in ["65%2B", "65+", "65"] {
        let query = FULL.replace("age=20-49", &format!("age={spelled}"));
        let answers = Answers::from_query(&query).unwrap();
        assert_eq!(answers.age, Some(Age::Senior), "{spelled}");
        assert!(answers.to_query().contains("age=65%2B"));
    }
}

#[test]
fn the_form_needs_an_age_but_a_routine_saved_before_it_was_asked_still_reads() {
    let old = FULL.replace("age=20-49&", "");
    let invalid = Answers::from_query(&old).unwrap_err();
    assert_eq!(invalid.errors.len(), 1);
    assert_eq!(invalid.errors[0].field, Field::Age);
    assert!(invalid.errors[0].message.contains("age group"));
    // Everything else the person gave is kept for the form.
    assert_eq!(invalid.draft.pain, Some(4));
    let stored = Answers::from_stored(&old).unwrap();
    assert_eq!(stored.age, None);
    assert_eq!(stored.pain, 4);
    // A stored value that is wrong is still an error.
    assert!(Answers::from_stored(&FULL.replace("20-49", "12-15")).is_err());
}

#[test]
fn unknown_values_of_the_newer_questions_are_errors_beside_their_field() {
    let query = format!("{FULL}&leg=arm&pregnancy=maybe&assessed=perhaps").replace("20-49", "40s");
    let invalid = Answers::from_query(&query).unwrap_err();
    for field in [Field::Age, Field::Leg, Field::Pregnancy, Field::Assessed] {
        assert!(invalid.error(field).is_some(), "{field:?}");
    }
}
