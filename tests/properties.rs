//! Property tests for the three parsers that read strangers' input: the
//! routine answer decoder, the search-query sanitiser (all the way through
//! a real FTS5 index), and the guide front-matter parser. Arbitrary input
//! must give `Ok` or a typed error, never a panic.
//!
//! Each property runs 256 cases by default. For a long run (the figure in
//! the README), raise the count, e.g.
//! `PROPTEST_CASES=200000 cargo test --release --test properties`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Mutex, OnceLock};

use proptest::prelude::*;

use backcare::content::{SearchDocument, frontmatter};
use backcare::db::search::{self, Match};
use backcare::routine::{Answers, Field};

/// Values each answer field accepts, plus near misses.
fn field_values(field: &'static str) -> Vec<&'static str> {
    match field {
        "red_flag" => vec![
            "none",
            "fever",
            "both_legs",
            "chest_pain",
            "night_pain",
            "sexual_function",
            "cough_sneeze",
            "fracture_risk",
            "immune",
            "leg_weakness",
        ],
        "assessed" => vec!["yes", "no", "", "maybe"],
        "age" => vec!["under-16", "16-19", "20-49", "50-64", "65+", "65", "12"],
        "leg" => vec!["none", "thigh", "below_knee", "arm"],
        "pregnancy" => vec!["no", "pregnant", "postnatal", "yes"],
        "pain" => vec!["0", "4", "10", "11", "-1", " 3", "03"],
        "duration" => vec!["acute", "subacute", "chronic", "Acute"],
        "worse" => vec![
            "sitting",
            "driving",
            "morning",
            "morning_stiffness",
            "lying_down",
        ],
        "cause" => vec!["strain", "disc", "unknown", "osteoporosis"],
        "activity" => vec!["sedentary", "light", "active", "athletic"],
        "days" => vec!["2", "3", "7", "1", "8"],
        "minutes" => vec!["10", "20", "60", "9", "61", "1000"],
        "equipment" => vec!["wall", "towel", "mat", "pool", "none"],
        "cleared" => vec!["yes", "no", "maybe"],
        _ => vec![],
    }
}

/// The answer fields, in form order.
fn fields() -> [&'static str; 14] {
    Field::ALL.map(Field::name)
}

/// A name/value pair: mostly real fields with real (or nearly real)
/// values, sometimes anything at all.
fn pair() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        6 => (0..Field::ALL.len()).prop_flat_map(|i| {
            let name = fields()[i];
            let values = field_values(name);
            prop_oneof![
                4 => proptest::sample::select(values).prop_map(str::to_owned),
                1 => any::<String>(),
            ]
            .prop_map(move |value| (name.to_owned(), value))
        }),
        1 => (any::<String>(), any::<String>()),
    ]
}

/// Pairs that usually answer every question (so `Ok` is reached too).
fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    let full: Vec<(String, String)> = fields()
        .iter()
        .map(|f| ((*f).to_owned(), field_values(f)[0].to_owned()))
        .collect();
    (
        prop_oneof![Just(0usize..1), Just(0..4), Just(0..24)]
            .prop_flat_map(|n| proptest::collection::vec(pair(), n)),
        any::<bool>(),
    )
        .prop_map(move |(extra, base)| {
            let mut all = if base { full.clone() } else { Vec::new() };
            all.extend(extra);
            all
        })
}

proptest! {
    #[test]
    fn answers_from_pairs_never_panic_and_round_trip(pairs in pairs()) {
        match Answers::from_pairs(&pairs) {
            Ok(answers) => {
                // The canonical query decodes to the same answers.
                let again = Answers::from_query(&answers.to_query());
                prop_assert_eq!(again.ok(), Some(answers));
            }
            Err(invalid) => {
                prop_assert!(!invalid.errors.is_empty());
                for error in &invalid.errors {
                    prop_assert!(!error.message.trim().is_empty());
                }
            }
        }
    }

    #[test]
    fn answers_from_any_query_string_never_panic(query in ".*", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Answers::from_query(&query);
        // Percent-encoded arbitrary bytes (invalid UTF-8 included).
        let encoded: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
        let _ = Answers::from_query(&format!("pain={encoded}&{encoded}={encoded}"));
    }
}

/// A small real search index shared by the search properties.
fn index() -> &'static Mutex<rusqlite::Connection> {
    static INDEX: OnceLock<Mutex<rusqlite::Connection>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("props.db");
        let pool = backcare::db::open(&path).unwrap();
        drop(pool);
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        // The folder must outlive the connection.
        std::mem::forget(dir);
        let docs = vec![
            SearchDocument {
                kind: "guide",
                slug: "walking".to_owned(),
                url: "/guides/walking".to_owned(),
                title: "Walking with back pain".to_owned(),
                body: "Short walks, often, help most people. NEAR AND OR NOT".to_owned(),
            },
            SearchDocument {
                kind: "exercise",
                slug: "bridge".to_owned(),
                url: "/exercises/bridge".to_owned(),
                title: "Bridge".to_owned(),
                body: "Lie on your back, knees bent. Lift your hips. \u{00e9}t\u{00e9}".to_owned(),
            },
        ];
        search::rebuild(&mut conn, &docs).unwrap();
        Mutex::new(conn)
    })
}

proptest! {
    #[test]
    fn match_expressions_are_only_quoted_terms_and_fts5_accepts_them(query in ".*") {
        for how in [Match::All, Match::Any] {
            let Some(expr) = search::match_expression(&query, how) else {
                // No words at all: nothing to search for.
                prop_assert!(!query.chars().any(char::is_alphanumeric));
                continue;
            };
            let joiner = if how == Match::All { " " } else { " OR " };
            for term in expr.split(joiner) {
                prop_assert!(term.len() >= 3 && term.starts_with('"') && term.ends_with('"'), "{}", term);
                prop_assert!(!term[1..term.len() - 1].contains('"'), "{}", term);
            }
            let conn = index().lock().unwrap();
            let counted: rusqlite::Result<i64> = conn.query_row(
                "SELECT count(*) FROM search_documents WHERE search_documents MATCH ?1",
                [&expr],
                |r| r.get(0),
            );
            prop_assert!(counted.is_ok(), "FTS5 refused {:?}: {:?}", expr, counted);
        }
    }

    #[test]
    fn search_answers_any_query_without_error(query in prop_oneof![
        ".*",
        "[\"*():^ NEARORANDNOT\\-+{}]{0,40}",
        proptest::collection::vec("[a-z]{1,12}", 0..80).prop_map(|w| w.join(" ")),
        // The shipped synonyms, mixed with other words and FTS5 syntax.
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(synonym_words()),
                "[a-z]{1,8}",
                proptest::sample::select(vec!["(", ")", "\"", "OR", "AND", "NOT", "-", "*"])
                    .prop_map(str::to_owned),
            ],
            0..10,
        )
        .prop_map(|w| w.join(" ")),
    ]) {
        let conn = index().lock().unwrap();
        for synonyms in [&[][..], &shipped_synonyms()[..]] {
            let found = search::search(&conn, &query, synonyms, 20, 0);
            prop_assert!(found.is_ok(), "{:?}: {:?}", query, found.err());
        }
    }
}

/// The synonym groups of the shipped `content/search.toml`.
fn shipped_synonyms() -> Vec<Vec<String>> {
    backcare::content::lookup::SearchSettings::parse(
        include_str!("../content/search.toml"),
        "search.toml",
    )
    .expect("the shipped search.toml parses")
    .synonyms
}

fn synonym_words() -> Vec<String> {
    shipped_synonyms().into_iter().flatten().collect()
}

/// Front-matter-like text: real keys with values of the right or wrong
/// type, unknown keys, broken lines.
fn front_line() -> impl Strategy<Value = String> {
    let key = proptest::sample::select(vec![
        "title",
        "summary",
        "date",
        "updated",
        "reviewed",
        "next_review",
        "tags",
        "support_contexts",
        "draft",
        "sources",
        "unknown_key",
    ]);
    let value = prop_oneof![
        "\"[^\"\\\\\n]{0,200}\"",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z",
        "-?[0-9]{1,20}",
        Just("true".to_owned()),
        Just("[\"a\", \"B c\", 3]".to_owned()),
        Just("[{ title = \"t\", url = \"https://x\" }]".to_owned()),
        Just("[\"office-chair\", \"moon\"]".to_owned()),
        ".{0,30}",
    ];
    prop_oneof![
        8 => (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => "\\[\\[?[a-z]{0,8}\\]?\\]?",
        1 => ".{0,60}",
    ]
}

proptest! {
    #[test]
    fn front_matter_split_never_panics_and_cuts_inside_the_text(text in prop_oneof![
        ".*",
        "\u{feff}?\\+\\+\\+\r?\n(.{0,40}\n){0,5}(\\+\\+\\+)?\n?.{0,40}",
    ]) {
        if let Ok(split) = frontmatter::split(&text) {
            prop_assert_eq!(split.front_line, 2);
            prop_assert!(text.contains(split.front));
            prop_assert!(text.ends_with(split.body));
            prop_assert!(split.body_line >= 3);
        }
    }

    #[test]
    fn front_matter_parse_gives_a_value_or_located_problems(
        lines in proptest::collection::vec(front_line(), 0..14),
        title in prop_oneof![4 => "[A-Za-z][A-Za-z0-9 ,.'!?-]{0,40}", 1 => "[^\"\\\\\n]{0,40}"],
        summary in prop_oneof![4 => "[A-Za-z][A-Za-z0-9 ,.'!?-]{0,150}", 1 => "[^\"\\\\\n]{0,200}"],
        date in prop_oneof![4 => "20[0-9]{2}-0[1-9]-[01][1-9]", 1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}"],
        base in any::<bool>(),
        extra_n in prop_oneof![3 => Just(0usize), 1 => 1usize..3],
        raw in ".*",
        use_raw in proptest::bool::weighted(0.2),
    ) {
        // With `base`, a valid start (title, summary, date) and fewer
        // extra lines, so that `Ok` is reached as well as every error.
        let front = if use_raw {
            raw
        } else if base {
            let extra = &lines[..lines.len().min(extra_n)];
            format!("title = \"{title}\"\nsummary = \"{summary}\"\ndate = {date}\n{}", extra.iter().map(|l| format!("{l}\n")).collect::<String>())
        } else {
            lines.join("\n") + "\n"
        };
        let line_count = front.lines().count().max(1);
        match frontmatter::parse(&front, 2, "guides/x.md") {
            Ok(fm) => {
                prop_assert!(!fm.title.trim().is_empty());
                prop_assert!(fm.summary.chars().count() <= frontmatter::SUMMARY_MAX);
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for problem in &problems {
                    prop_assert_eq!(&problem.file, "guides/x.md");
                    prop_assert!(!problem.message.trim().is_empty());
                    if let Some(line) = problem.line {
                        prop_assert!((2..=line_count + 2).contains(&line), "line {} of {}", line, line_count);
                    }
                }
            }
        }
    }
}
