//! The search-query sanitiser: whatever is typed becomes only quoted FTS5
//! terms, and a real FTS5 index answers the search without an error.
#![no_main]

use std::sync::{Mutex, OnceLock};

use backcare::db::search::{self, Match, SearchDocument};
use libfuzzer_sys::fuzz_target;

fn index() -> &'static Mutex<rusqlite::Connection> {
    static INDEX: OnceLock<Mutex<rusqlite::Connection>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("backcare-fuzz-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        drop(backcare::db::open(&path).expect("open the index"));
        let mut conn = rusqlite::Connection::open(&path).expect("open the index");
        let docs = vec![SearchDocument {
            kind: "guide",
            slug: "walking".to_owned(),
            url: "/guides/walking".to_owned(),
            title: "Walking with back pain".to_owned(),
            body: "Short walks, often, help most people with back pain.".to_owned(),
        }];
        search::rebuild(&mut conn, &docs).expect("build the index");
        Mutex::new(conn)
    })
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    for how in [Match::All, Match::Any] {
        if let Some(expr) = search::match_expression(&query, how) {
            let joiner = if how == Match::All { " " } else { " OR " };
            for term in expr.split(joiner) {
                assert!(term.len() >= 3 && term.starts_with('"') && term.ends_with('"'));
                assert!(!term[1..term.len() - 1].contains('"'), "unescaped quote");
            }
        }
    }
    let conn = index().lock().expect("index lock");
    if let Err(err) = search::search(&conn, &query, 10) {
        panic!("search failed for {query:?}: {err}");
    }
});
