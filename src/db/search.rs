//! The full-text search index (FTS5 table `search_documents`).
//!
//! Every part of the site that has something to find (guides, exercises,
//! supports) turns its content into [`SearchDocument`]s; start-up (and a
//! content reload) replaces the whole index with them in one transaction.

use rusqlite::{Connection, params};

/// One thing a visitor can find through `/search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    /// What it is, shown beside the result: `guide`, `exercise`, `support`.
    pub kind: &'static str,
    pub slug: String,
    /// Where the result links, e.g. `/guides/core-stability-at-home`.
    pub url: String,
    pub title: String,
    /// Plain text (no markup) searched and used for snippets.
    pub body: String,
}

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

/// How many documents are indexed.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM search_documents", [], |row| {
        row.get(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(slug: &str) -> SearchDocument {
        SearchDocument {
            kind: "guide",
            slug: slug.to_owned(),
            url: format!("/guides/{slug}"),
            title: format!("Title {slug}"),
            body: "gentle stretching".to_owned(),
        }
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
