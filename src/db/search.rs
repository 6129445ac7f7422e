//! The full-text search index (FTS5 table `search_documents`).
//!
//! Every part of the site that has something to find (guides, exercises,
//! supports) turns its content into [`SearchDocument`]s; start-up (and a
//! content reload) replaces the whole index with them in one transaction.

use rusqlite::{Connection, params};

use super::snippet::{Terms, snippet};
use crate::content::SearchDocument;

/// Replaces every indexed document with `docs`, atomically.
pub fn rebuild(conn: &mut Connection, docs: &[SearchDocument]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM search_documents", [])?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO search_documents (kind, slug, url, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for doc in docs {
            insert.execute(params![doc.kind, doc.slug, doc.url, doc.title, doc.body])?;
        }
    }
    tx.commit()
}

/// Most words of a query that are searched for; the rest are ignored, so a
/// page of pasted text costs no more than a short query.
pub const MAX_TERMS: usize = 12;
/// Longest single word searched for, in characters.
pub const MAX_TERM_CHARS: usize = 64;

/// How much a match in the title counts against one in the body (bm25).
const TITLE_WEIGHT: f64 = 10.0;
const BODY_WEIGHT: f64 = 1.0;

// Marks around matched words in highlights and snippets. Control characters
// never occur in content text, so they cannot be confused with it; they are
// turned into [`Fragment`]s here and the template escapes each fragment.
const MARK_START: &str = "\u{2}";
const MARK_END: &str = "\u{3}";

/// How the words of a query are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Every word must appear.
    All,
    /// Any word may appear.
    Any,
}

/// The words of a visitor's query, each quoted as an FTS5 string, so no
/// character they type can act as FTS5 syntax (`"`, `*`, `(`, `NEAR`, `AND`,
/// `OR`, `NOT`, `:`, `^` are all plain text here). `None` when the query
/// has no words at all.
pub fn match_expression(query: &str, how: Match) -> Option<String> {
    let terms: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .map(|w| format!("\"{}\"", w.chars().take(MAX_TERM_CHARS).collect::<String>()))
        .collect();
    if terms.is_empty() {
        return None;
    }
    let joiner = match how {
        Match::All => " ",
        Match::Any => " OR ",
    };
    Some(terms.join(joiner))
}

/// A query as FTS5 sees it, with the synonyms it also searched for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    pub fts: String,
    /// Words and phrases added from synonym groups, for "Also searched for".
    pub also: Vec<String>,
}

/// Like [`match_expression`], with synonym groups applied: a word or
/// phrase of the query that belongs to a group becomes `("a" OR "b c" …)`
/// of every member (a quoted phrase matches its words next to each other,
/// so "slipped disc" never matches "non-slip"). The longest phrase at each
/// point wins.
pub fn expression(query: &str, how: Match, synonyms: &[Vec<String>]) -> Option<Expression> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .map(|w| w.chars().take(MAX_TERM_CHARS).collect::<String>())
        .collect();
    if words.is_empty() {
        return None;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    // Each member with its words, longest first.
    let mut members: Vec<(Vec<&str>, &Vec<String>, &String)> = synonyms
        .iter()
        .flat_map(|group| {
            group.iter().map(move |member| {
                let parts: Vec<&str> = member
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|p| !p.is_empty())
                    .collect();
                (parts, group, member)
            })
        })
        .filter(|(parts, ..)| !parts.is_empty())
        .collect();
    members.sort_by_key(|(parts, ..)| std::cmp::Reverse(parts.len()));
    let quote = |text: &str| format!("\"{}\"", text.replace('"', ""));
    let mut terms = Vec::new();
    let mut also: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = members.iter().find(|(parts, ..)| {
            lower.len() >= i + parts.len()
                && parts.iter().zip(&lower[i..]).all(|(p, w)| *p == w.as_str())
        });
        match found {
            Some((parts, group, member)) => {
                let alternatives: Vec<String> = group
                    .iter()
                    .map(|m| {
                        let words: Vec<&str> = m
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|p| !p.is_empty())
                            .collect();
                        quote(&words.join(" "))
                    })
                    .collect();
                terms.push(format!("({})", alternatives.join(" OR ")));
                for other in group.iter().filter(|m| m != member) {
                    if !also.contains(other) {
                        also.push(other.clone());
                    }
                }
                i += parts.len();
            }
            None => {
                terms.push(quote(&words[i]));
                i += 1;
            }
        }
    }
    // FTS5 joins bare phrases with an implicit AND, but not groups in
    // parentheses: say AND.
    let joiner = match how {
        Match::All => " AND ",
        Match::Any => " OR ",
    };
    Some(Expression {
        fts: terms.join(joiner),
        also,
    })
}

/// A piece of a title or snippet; `marked` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub marked: bool,
}

/// Splits FTS5 output with [`MARK_START`]/[`MARK_END`] into fragments.
fn fragments(marked: &str) -> Vec<Fragment> {
    let mut out = Vec::new();
    for (i, piece) in marked.split(MARK_START).enumerate() {
        let (inside, after) = match (i, piece.split_once(MARK_END)) {
            (0, _) | (_, None) => ("", piece),
            (_, Some((inside, after))) => (inside, after),
        };
        for (text, is_marked) in [(inside, true), (after, false)] {
            if !text.is_empty() {
                out.push(Fragment {
                    text: text.replace(MARK_END, ""),
                    marked: is_marked,
                });
            }
        }
    }
    out
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: String,
    pub url: String,
    pub title: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
}

/// Results of a search, best first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// How many documents matched (more than `hits` when limited).
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// `false` when no document had every word and these results have
    /// only some of them.
    pub all_words: bool,
    /// Synonyms searched for as well.
    pub also: Vec<String>,
}

/// Searches the index for a visitor's text: every word as typed first; if
/// that fills less than a page, every word with its synonyms; if nothing has
/// them all, any word with its synonyms. Ranked by bm25 with the title
/// weighted above the body; `limit` results from the `offset`-th best
/// (snippets are built for those alone, so a page of results costs the same
/// wherever it is). Synonyms widen a search only when it needs it: a query
/// that already fills a page costs what it did without them. Text without
/// words finds nothing (and is no error).
pub fn search(
    conn: &Connection,
    query: &str,
    synonyms: &[Vec<String>],
    limit: usize,
    offset: usize,
) -> rusqlite::Result<SearchResults> {
    // (how, synonyms, fewest results to accept). The decision never
    // depends on `offset`, so every page of a search agrees on its total.
    let enough = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
    let mut attempts: Vec<(Match, &[Vec<String>], i64)> = Vec::new();
    if !synonyms.is_empty() {
        attempts.push((Match::All, &[], enough));
    }
    attempts.push((Match::All, synonyms, 1));
    attempts.push((Match::Any, synonyms, 1));
    for (how, synonyms, fewest) in attempts {
        let all_words = how == Match::All;
        let Some(Expression { fts: expr, also }) = expression(query, how, synonyms) else {
            break;
        };
        let total: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM search_documents WHERE search_documents MATCH ?1",
            )?
            .query_row([&expr], |row| row.get(0))?;
        if total < fewest {
            continue;
        }
        // `ORDER BY rank` (with the weights given through `rank MATCH`)
        // lets FTS5 rank every match first and build highlights and
        // snippets only for the rows returned; ordering by a bm25() call
        // built a snippet for every match, re-reading each whole text.
        // `ORDER BY rank` ranks every match first; the title's highlight
        // (a few words) is FTS5's, the body's snippet is cut in
        // [`snippet`] from the text, for the rows returned only.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT kind, url, highlight(search_documents, 3, ?2, ?3), body \
             FROM search_documents WHERE search_documents MATCH ?1 \
             AND rank MATCH 'bm25(0.0, 0.0, 0.0, {TITLE_WEIGHT:.1}, {BODY_WEIGHT:.1})' \
             ORDER BY rank LIMIT ?4 OFFSET ?5"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let terms = Terms::new(std::iter::once(query).chain(also.iter().map(String::as_str)));
        let hits = stmt
            .query_map(params![expr, MARK_START, MARK_END, limit, offset], |row| {
                Ok(SearchHit {
                    kind: row.get(0)?,
                    url: row.get(1)?,
                    title: fragments(&row.get::<_, String>(2)?),
                    snippet: snippet(&row.get::<_, String>(3)?, &terms),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        return Ok(SearchResults {
            total: usize::try_from(total).unwrap_or(0),
            hits,
            all_words,
            also,
        });
    }
    Ok(SearchResults {
        total: 0,
        hits: Vec::new(),
        all_words: true,
        also: expression(query, Match::All, synonyms).map_or_else(Vec::new, |e| e.also),
    })
}

/// How many documents are indexed.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM search_documents", [], |row| {
        row.get(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_SYNONYMS: &[Vec<String>] = &[];

    fn doc(slug: &str) -> SearchDocument {
        SearchDocument {
            kind: "guide",
            slug: slug.to_owned(),
            url: format!("/guides/{slug}"),
            title: format!("Title {slug}"),
            body: "gentle stretching".to_owned(),
        }
    }

    fn index(docs: &[SearchDocument]) -> (tempfile::TempDir, crate::db::Pool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("s.db")).unwrap();
        rebuild(&mut pool.get().unwrap(), docs).unwrap();
        (dir, pool)
    }

    fn titled(slug: &str, title: &str, body: &str) -> SearchDocument {
        SearchDocument {
            title: title.to_owned(),
            body: body.to_owned(),
            ..doc(slug)
        }
    }

    #[test]
    fn expressions_quote_every_word_and_drop_syntax() {
        assert_eq!(
            match_expression("back \"pain\" NEAR(x*) OR -y", Match::All).as_deref(),
            Some("\"back\" \"pain\" \"NEAR\" \"x\" \"OR\" \"y\"")
        );
        assert_eq!(
            match_expression("a b", Match::Any).as_deref(),
            Some("\"a\" OR \"b\"")
        );
        assert_eq!(match_expression("  \"*()^: ", Match::All), None);
        let long = "word ".repeat(500);
        let expr = match_expression(&long, Match::All).unwrap();
        assert_eq!(expr.matches("\"word\"").count(), MAX_TERMS);
    }

    #[test]
    fn a_title_hit_ranks_above_a_body_hit() {
        let (_dir, pool) = index(&[
            titled(
                "body",
                "Walking",
                "Walking is good. Some people add stretching after a walk.",
            ),
            titled(
                "title",
                "Stretching a tight back",
                "Gentle moves, held briefly, several times a day.",
            ),
            titled("none", "Cardio", "Swimming and brisk walks."),
        ]);
        let conn = pool.get().unwrap();
        let results = search(&conn, "stretching", NO_SYNONYMS, 10, 0).unwrap();
        assert_eq!(results.total, 2);
        let urls: Vec<_> = results.hits.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(urls, ["/guides/title", "/guides/body"]);
        assert_eq!(
            results.hits[0].title,
            [
                Fragment {
                    text: "Stretching".into(),
                    marked: true
                },
                Fragment {
                    text: " a tight back".into(),
                    marked: false
                },
            ]
        );
        assert!(
            results.hits[1]
                .snippet
                .iter()
                .any(|f| f.marked && f.text == "stretching")
        );
        assert!(results.all_words);
    }

    #[test]
    fn offset_pages_through_the_ranking_without_gaps_or_repeats() {
        let docs: Vec<_> = (0..7)
            .map(|n| titled(&format!("g{n}"), "Walking", &"walking ".repeat(n + 1)))
            .collect();
        let (_dir, pool) = index(&docs);
        let conn = pool.get().unwrap();
        let all: Vec<String> = search(&conn, "walking", NO_SYNONYMS, 10, 0)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.url)
            .collect();
        assert_eq!(all.len(), 7);
        let mut paged = Vec::new();
        for offset in [0, 3, 6] {
            let page = search(&conn, "walking", NO_SYNONYMS, 3, offset).unwrap();
            assert_eq!(page.total, 7, "the total does not depend on the page");
            paged.extend(page.hits.into_iter().map(|h| h.url));
        }
        assert_eq!(paged, all);
        assert!(
            search(&conn, "walking", NO_SYNONYMS, 3, 9)
                .unwrap()
                .hits
                .is_empty()
        );
    }

    #[test]
    fn falls_back_to_any_word_and_hostile_text_is_harmless() {
        let (_dir, pool) = index(&[titled("a", "Walking", "brisk walking")]);
        let conn = pool.get().unwrap();
        let some = search(&conn, "walking unicorns", NO_SYNONYMS, 10, 0).unwrap();
        assert_eq!(some.total, 1);
        assert!(!some.all_words);
        for hostile in [
            "\"",
            "\"unbalanced",
            "walk*",
            "NEAR(walking brisk, 2)",
            "walking AND OR NOT",
            "((walking",
            "title:walking",
            "^walking",
            "-walking",
            "\u{2}walking\u{3}",
            "",
        ] {
            assert!(
                search(&conn, hostile, NO_SYNONYMS, 10, 0).is_ok(),
                "{hostile:?}"
            );
        }
        let junk: String = "\"*(){}[]:^-~ NEAR AND OR "
            .chars()
            .cycle()
            .take(2000)
            .collect();
        assert_eq!(search(&conn, &junk, NO_SYNONYMS, 10, 0).unwrap().total, 0);
    }

    #[test]
    fn synonyms_search_every_member_and_phrases_keep_their_words_together() {
        let groups = vec![vec![
            "slipped disc".to_owned(),
            "herniated disc".to_owned(),
            "prolapsed disc".to_owned(),
        ]];
        let expr = expression("Slipped disc exercises", Match::All, &groups).unwrap();
        assert_eq!(
            expr.fts,
            "(\"slipped disc\" OR \"herniated disc\" OR \"prolapsed disc\") AND \"exercises\""
        );
        assert_eq!(expr.also, ["herniated disc", "prolapsed disc"]);
        let (_dir, pool) = index(&[
            titled(
                "cushion",
                "Seat cushion",
                "A non-slip base keeps it in place. Disc-shaped and firm.",
            ),
            titled(
                "discs",
                "Living with a herniated disc",
                "What helps when a disc presses on a nerve.",
            ),
        ]);
        let conn = pool.get().unwrap();
        let results = search(&conn, "slipped disc", &groups, 10, 0).unwrap();
        let urls: Vec<&str> = results.hits.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(urls, ["/guides/discs"], "word parts must not match");
        assert_eq!(results.also, ["herniated disc", "prolapsed disc"]);
        // Without synonyms the cushion's "non-slip" would have matched.
        assert!(
            search(&conn, "slipped", NO_SYNONYMS, 10, 0)
                .unwrap()
                .hits
                .iter()
                .any(|h| h.url == "/guides/cushion")
        );
    }

    #[test]
    fn synonyms_widen_only_a_search_that_does_not_fill_a_page() {
        let groups = vec![vec!["walk".to_owned(), "cardio".to_owned()]];
        let mut docs: Vec<_> = (0..3)
            .map(|n| titled(&format!("w{n}"), "Walk", "walk daily"))
            .collect();
        docs.push(titled("c", "Cardio", "cardio machines"));
        let (_dir, pool) = index(&docs);
        let conn = pool.get().unwrap();
        // Three walks do not fill a page of four: widened.
        let wide = search(&conn, "walk", &groups, 4, 0).unwrap();
        assert_eq!(wide.total, 4);
        assert_eq!(wide.also, ["cardio"]);
        // A page of three is full with the word as typed: not widened.
        let plain = search(&conn, "walk", &groups, 3, 0).unwrap();
        assert_eq!(plain.total, 3);
        assert!(plain.also.is_empty());
        // Every page of a search agrees.
        assert_eq!(search(&conn, "walk", &groups, 3, 3).unwrap().total, 3);
    }

    #[test]
    fn rebuild_replaces_everything() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("s.db")).unwrap();
        let mut conn = pool.get().unwrap();
        rebuild(&mut conn, &[doc("a"), doc("b")]).unwrap();
        assert_eq!(count(&conn).unwrap(), 2);
        rebuild(&mut conn, &[doc("c")]).unwrap();
        assert_eq!(count(&conn).unwrap(), 1);
    }
}
