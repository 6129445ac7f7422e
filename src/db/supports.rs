//! The lumbar-support catalog in SQLite (tables `supports` and
//! `support_contexts`), mirrored from `content/supports.toml` at start-up,
//! and the filtered, sorted list behind `/supports`.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::supports::{Catalog, ListFilters, Sort, Support};

/// What a [`sync`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
}

/// A stable digest of everything stored for a product at a position.
fn fingerprint(position: usize, support: &Support) -> String {
    let digest = Sha256::digest(format!("{position}\u{1f}{support:?}").as_bytes());
    crate::hex::encode(&digest[..12])
}

const UPSERT: &str = "INSERT INTO supports (
        slug, position, name, kind, price_minor, currency, firmness, material,
        washable_cover, width_cm, depth_cm, height_cm, weight_g, strap,
        height_adjustable, summary, pitch, suits, not_for, how_to_use, picture,
        alt, fingerprint)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
            ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
    ON CONFLICT (slug) DO UPDATE SET
        position = excluded.position, name = excluded.name,
        kind = excluded.kind, price_minor = excluded.price_minor,
        currency = excluded.currency, firmness = excluded.firmness,
        material = excluded.material, washable_cover = excluded.washable_cover,
        width_cm = excluded.width_cm, depth_cm = excluded.depth_cm,
        height_cm = excluded.height_cm, weight_g = excluded.weight_g,
        strap = excluded.strap, height_adjustable = excluded.height_adjustable,
        summary = excluded.summary, pitch = excluded.pitch,
        suits = excluded.suits, not_for = excluded.not_for,
        how_to_use = excluded.how_to_use, picture = excluded.picture,
        alt = excluded.alt, fingerprint = excluded.fingerprint";

/// Makes the tables match `catalog` exactly, in one transaction. Rows whose
/// content is unchanged are left alone, so running it again with the same
/// catalog changes nothing.
pub fn sync(conn: &mut Connection, catalog: &Catalog) -> rusqlite::Result<SyncReport> {
    let tx = conn.transaction()?;
    let mut report = SyncReport::default();
    let existing: HashMap<String, String> = {
        let mut stmt = tx.prepare("SELECT slug, fingerprint FROM supports")?;
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    {
        let mut upsert = tx.prepare(UPSERT)?;
        let mut clear_contexts = tx.prepare("DELETE FROM support_contexts WHERE slug = ?1")?;
        let mut add_context =
            tx.prepare("INSERT INTO support_contexts (slug, context, rank) VALUES (?1, ?2, ?3)")?;
        for (position, s) in catalog.items.iter().enumerate() {
            let print = fingerprint(position, s);
            match existing.get(&s.slug) {
                Some(stored) if *stored == print => continue,
                Some(_) => report.updated += 1,
                None => report.inserted += 1,
            }
            upsert.execute(params![
                s.slug,
                position as i64,
                s.name,
                s.kind.slug(),
                s.price.minor,
                s.price.currency.code(),
                s.firmness.slug(),
                s.material,
                s.washable_cover,
                s.size_cm.width,
                s.size_cm.depth,
                s.size_cm.height,
                s.weight_g,
                s.adjustable.strap,
                s.adjustable.height,
                s.summary,
                s.pitch,
                s.suits.join("\n"),
                s.not_for.join("\n"),
                s.how_to_use.join("\n"),
                s.picture,
                s.alt,
                print,
            ])?;
            clear_contexts.execute([&s.slug])?;
            for (rank, context) in s.contexts.iter().enumerate() {
                add_context.execute(params![s.slug, context.slug(), rank as i64])?;
            }
        }
        let mut delete = tx.prepare("DELETE FROM supports WHERE slug = ?1")?;
        for slug in existing.keys() {
            if catalog.get(slug).is_none() {
                report.deleted += delete.execute([slug])?;
            }
        }
    }
    tx.commit()?;
    Ok(report)
}

const LIST_SELECT: &str = "SELECT s.slug FROM supports s
    LEFT JOIN support_contexts c ON c.slug = s.slug AND c.context = ?1
    WHERE (?1 IS NULL OR c.context IS NOT NULL)
      AND (?2 IS NULL OR s.kind = ?2)
      AND (?3 IS NULL OR s.firmness = ?3)
      AND (?4 IS NULL OR s.price_minor <= ?4)";

/// Slugs of the products that pass `filters`, in the chosen order.
/// "Best match" puts products made for the chosen place first (their rank
/// in `contexts`), then keeps the file's order.
pub fn list(conn: &Connection, filters: &ListFilters) -> rusqlite::Result<Vec<String>> {
    let order = match filters.sort {
        Sort::Relevance => "ORDER BY coalesce(c.rank, 0), s.position",
        Sort::PriceLowHigh => "ORDER BY s.price_minor ASC, s.position",
        Sort::PriceHighLow => "ORDER BY s.price_minor DESC, s.position",
    };
    let mut stmt = conn.prepare_cached(&format!("{LIST_SELECT} {order}"))?;
    stmt.query_map(
        params![
            filters.context.map(|c| c.slug()),
            filters.kind.map(|k| k.slug()),
            filters.firmness.map(|f| f.slug()),
            filters.max_price_minor,
        ],
        |row| row.get(0),
    )?
    .collect()
}

/// A stored product as the tables hold it (for checks and tests).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSupport {
    pub slug: String,
    pub position: i64,
    pub name: String,
    pub kind: String,
    pub price_minor: i64,
    pub currency: String,
    pub firmness: String,
    pub washable_cover: bool,
    pub size_cm: (f64, f64, f64),
    pub weight_g: i64,
    pub strap: bool,
    pub height_adjustable: bool,
    pub suits: Vec<String>,
    pub picture: String,
    pub alt: String,
    /// Context slugs, what it is made for first.
    pub contexts: Vec<String>,
}

/// One stored product, or `None`.
pub fn get(conn: &Connection, slug: &str) -> rusqlite::Result<Option<StoredSupport>> {
    let row = conn
        .query_row(
            "SELECT slug, position, name, kind, price_minor, currency, firmness,
                    washable_cover, width_cm, depth_cm, height_cm, weight_g, strap,
                    height_adjustable, suits, picture, alt
             FROM supports WHERE slug = ?1",
            [slug],
            |r| {
                Ok(StoredSupport {
                    slug: r.get(0)?,
                    position: r.get(1)?,
                    name: r.get(2)?,
                    kind: r.get(3)?,
                    price_minor: r.get(4)?,
                    currency: r.get(5)?,
                    firmness: r.get(6)?,
                    washable_cover: r.get(7)?,
                    size_cm: (r.get(8)?, r.get(9)?, r.get(10)?),
                    weight_g: r.get(11)?,
                    strap: r.get(12)?,
                    height_adjustable: r.get(13)?,
                    suits: r.get::<_, String>(14)?.lines().map(str::to_owned).collect(),
                    picture: r.get(15)?,
                    alt: r.get(16)?,
                    contexts: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut stored) = row else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare_cached("SELECT context FROM support_contexts WHERE slug = ?1 ORDER BY rank")?;
    stored.contexts = stmt
        .query_map([slug], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(stored))
}

/// How many products are stored.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM supports", [], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supports::{Firmness, Kind, UseContext};

    use crate::supports::shipped_catalog as shipped;

    fn open() -> (tempfile::TempDir, crate::db::Pool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("s.db")).unwrap();
        (dir, pool)
    }

    #[test]
    fn sync_stores_every_field_and_reload_changes_nothing() {
        let (_dir, pool) = open();
        let mut conn = pool.get().unwrap();
        let catalog = shipped();
        let first = sync(&mut conn, &catalog).unwrap();
        assert_eq!(first.inserted, catalog.items.len());
        assert_eq!(count(&conn).unwrap(), catalog.items.len() as i64);

        let roll = get(&conn, "firm-lumbar-roll").unwrap().unwrap();
        assert_eq!(roll.position, 0);
        assert_eq!(roll.kind, "lumbar-roll");
        assert_eq!(roll.price_minor, 1999);
        assert_eq!(roll.currency, "GBP");
        assert_eq!(roll.firmness, "firm");
        assert!(roll.washable_cover && roll.strap && roll.height_adjustable);
        assert_eq!(roll.size_cm, (33.0, 12.0, 12.0));
        assert_eq!(roll.weight_g, 300);
        assert_eq!(roll.contexts, vec!["office-chair", "car", "travel"]);
        assert_eq!(roll.suits.len(), 3);
        assert_eq!(roll.picture, "supports/firm-lumbar-roll.svg");

        let again = sync(&mut conn, &catalog).unwrap();
        assert_eq!(again, SyncReport::default());
        assert_eq!(get(&conn, "firm-lumbar-roll").unwrap().unwrap(), roll);
    }

    #[test]
    fn the_file_wins_changed_rows_are_updated_and_removed_ones_deleted() {
        let (_dir, pool) = open();
        let mut conn = pool.get().unwrap();
        let mut catalog = shipped();
        sync(&mut conn, &catalog).unwrap();

        // Edit one product and drop the last one from the file.
        catalog.items[0].price.minor = 2199;
        catalog.items[0].contexts = vec![UseContext::Car];
        let removed = catalog.items.pop().unwrap();
        let report = sync(&mut conn, &catalog).unwrap();
        assert_eq!(
            report,
            SyncReport {
                inserted: 0,
                updated: 1,
                deleted: 1
            }
        );
        let roll = get(&conn, "firm-lumbar-roll").unwrap().unwrap();
        assert_eq!(roll.price_minor, 2199);
        assert_eq!(roll.contexts, vec!["car"]);
        assert!(get(&conn, &removed.slug).unwrap().is_none());
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM support_contexts WHERE slug = ?1",
                [&removed.slug],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0);
    }

    #[test]
    fn list_filters_and_sorts() {
        let (_dir, pool) = open();
        let mut conn = pool.get().unwrap();
        let catalog = shipped();
        sync(&mut conn, &catalog).unwrap();

        let all = list(&conn, &ListFilters::default()).unwrap();
        let file_order: Vec<String> = catalog.items.iter().map(|s| s.slug.clone()).collect();
        assert_eq!(all, file_order);

        let cheap_first = list(
            &conn,
            &ListFilters {
                sort: Sort::PriceLowHigh,
                ..ListFilters::default()
            },
        )
        .unwrap();
        let prices: Vec<u32> = cheap_first
            .iter()
            .map(|slug| catalog.get(slug).unwrap().price.minor)
            .collect();
        assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");

        let car = list(
            &conn,
            &ListFilters {
                context: Some(UseContext::Car),
                firmness: Some(Firmness::Firm),
                max_price_minor: Some(2000),
                ..ListFilters::default()
            },
        )
        .unwrap();
        // Made for the car first, then by file order.
        assert_eq!(
            car,
            vec!["slim-lumbar-pad", "firm-lumbar-roll", "wedge-seat-cushion"]
        );

        let rolls = list(
            &conn,
            &ListFilters {
                kind: Some(Kind::LumbarRoll),
                sort: Sort::PriceHighLow,
                ..ListFilters::default()
            },
        )
        .unwrap();
        assert_eq!(rolls, vec!["firm-lumbar-roll", "soft-lumbar-roll"]);
    }
}
