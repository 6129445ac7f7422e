//! Comparing 2 or 3 supports: which items were chosen, and the table rows
//! with the ones whose values differ marked.

use super::{Catalog, MAX_PICKS, Support};

/// Why a selection cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// Fewer than 2 distinct items; holds the known ones chosen.
    TooFew(Vec<String>),
    /// More than 3 distinct items; holds them all.
    TooMany(Vec<String>),
    /// A slug that is not in the catalog (as given, cut short if long).
    Unknown(String),
}

/// A checked choice of 2 or 3 distinct products, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSelection<'a> {
    pub items: Vec<&'a Support>,
}

impl<'a> CompareSelection<'a> {
    /// Reads the `item` values: blanks are ignored and a slug given twice
    /// counts once.
    pub fn choose(catalog: &'a Catalog, given: &[String]) -> Result<Self, CompareError> {
        let mut slugs: Vec<&str> = Vec::new();
        for slug in given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !slugs.contains(&slug) {
                slugs.push(slug);
            }
        }
        if slugs.len() > MAX_PICKS {
            return Err(CompareError::TooMany(
                slugs.iter().map(|s| (*s).to_owned()).collect(),
            ));
        }
        let mut items = Vec::with_capacity(slugs.len());
        for slug in &slugs {
            match catalog.get(slug) {
                Some(item) => items.push(item),
                None => {
                    let shown = match slug.char_indices().nth(60) {
                        Some((cut, _)) => format!("{}…", &slug[..cut]),
                        None => (*slug).to_owned(),
                    };
                    return Err(CompareError::Unknown(shown));
                }
            }
        }
        if items.len() < 2 {
            return Err(CompareError::TooFew(
                items.iter().map(|s| s.slug.clone()).collect(),
            ));
        }
        Ok(CompareSelection { items })
    }

    pub fn slugs(&self) -> Vec<&str> {
        self.items.iter().map(|s| s.slug.as_str()).collect()
    }

    /// The comparison rows, in a fixed order; with `diff_only`, only those
    /// whose values differ.
    pub fn rows(&self, diff_only: bool) -> Vec<CompareRow> {
        let columns: Vec<Vec<(&'static str, String)>> =
            self.items.iter().map(|s| s.attributes()).collect();
        let Some(first) = columns.first() else {
            return Vec::new();
        };
        (0..first.len())
            .map(|i| {
                let cells: Vec<String> = columns.iter().map(|c| c[i].1.clone()).collect();
                let differs = cells.windows(2).any(|pair| pair[0] != pair[1]);
                CompareRow {
                    label: first[i].0,
                    cells,
                    differs,
                }
            })
            .filter(|r| !diff_only || r.differs)
            .collect()
    }
}

/// One row of the table: a label and one cell per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareRow {
    pub label: &'static str,
    pub cells: Vec<String>,
    pub differs: bool,
}

/// `/supports/compare?item=a&item=b[&diff=1]`. Slugs from the catalog are
/// URL-safe (lowercase letters, digits and hyphens), so none need escaping.
pub fn compare_url(slugs: &[&str], diff_only: bool) -> String {
    let mut url = String::from("/supports/compare");
    for (i, slug) in slugs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str("item=");
        url.push_str(slug);
    }
    if diff_only {
        url.push_str(if slugs.is_empty() {
            "?diff=1"
        } else {
            "&diff=1"
        });
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supports::{Adjustable, Currency, Firmness, Kind, Price, SizeCm, UseContext};

    fn item(slug: &str, price: u32, firmness: Firmness) -> Support {
        Support {
            slug: slug.to_owned(),
            name: slug.to_owned(),
            kind: Kind::LumbarRoll,
            price: Price {
                minor: price,
                currency: Currency::Gbp,
            },
            firmness,
            material: "Foam".to_owned(),
            washable_cover: true,
            size_cm: SizeCm {
                width: 30.0,
                depth: 10.0,
                height: 10.0,
            },
            weight_g: 300,
            adjustable: Adjustable {
                strap: true,
                height: true,
            },
            contexts: vec![UseContext::OfficeChair],
            summary: String::new(),
            pitch: String::new(),
            suits: Vec::new(),
            not_for: Vec::new(),
            not_for_worse: Vec::new(),
            not_in_pregnancy: false,
            how_to_use: Vec::new(),
            picture: String::new(),
            alt: String::new(),
        }
    }

    fn catalog() -> Catalog {
        Catalog {
            items: vec![
                item("a", 1000, Firmness::Firm),
                item("b", 1000, Firmness::Soft),
                item("c", 2000, Firmness::Soft),
                item("d", 3000, Firmness::Medium),
            ],
        }
    }

    fn given(slugs: &[&str]) -> Vec<String> {
        slugs.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn two_or_three_distinct_items_are_accepted_in_order() {
        let c = catalog();
        let sel = CompareSelection::choose(&c, &given(&["b", "a"])).unwrap();
        assert_eq!(sel.slugs(), vec!["b", "a"]);
        let sel = CompareSelection::choose(&c, &given(&["a", "b", "c"])).unwrap();
        assert_eq!(sel.slugs(), vec!["a", "b", "c"]);
    }

    #[test]
    fn duplicates_and_blanks_count_once() {
        let c = catalog();
        let sel = CompareSelection::choose(&c, &given(&["a", "b", "a", "", "b"])).unwrap();
        assert_eq!(sel.slugs(), vec!["a", "b"]);
        assert_eq!(
            CompareSelection::choose(&c, &given(&["a", "a"])),
            Err(CompareError::TooFew(given(&["a"])))
        );
    }

    #[test]
    fn too_few_too_many_and_unknown_are_refused() {
        let c = catalog();
        assert_eq!(
            CompareSelection::choose(&c, &[]),
            Err(CompareError::TooFew(Vec::new()))
        );
        assert_eq!(
            CompareSelection::choose(&c, &given(&["a", "b", "c", "d"])),
            Err(CompareError::TooMany(given(&["a", "b", "c", "d"])))
        );
        assert_eq!(
            CompareSelection::choose(&c, &given(&["a", "zzz"])),
            Err(CompareError::Unknown("zzz".to_owned()))
        );
    }

    #[test]
    fn rows_mark_differences_and_diff_only_keeps_just_those() {
        let c = catalog();
        let sel = CompareSelection::choose(&c, &given(&["a", "b"])).unwrap();
        let rows = sel.rows(false);
        assert_eq!(rows.len(), 9);
        let price = rows.iter().find(|r| r.label == "Price").unwrap();
        assert_eq!(price.cells, vec!["£10.00", "£10.00"]);
        assert!(!price.differs);
        let firmness = rows.iter().find(|r| r.label == "Firmness").unwrap();
        assert_eq!(firmness.cells, vec!["Firm", "Soft"]);
        assert!(firmness.differs);

        let only = sel.rows(true);
        assert_eq!(
            only.iter().map(|r| r.label).collect::<Vec<_>>(),
            vec!["Firmness"]
        );

        let sel = CompareSelection::choose(&c, &given(&["b", "c", "d"])).unwrap();
        let labels: Vec<_> = sel.rows(true).iter().map(|r| r.label).collect();
        assert_eq!(labels, vec!["Price", "Firmness"]);
    }

    #[test]
    fn urls_list_items_in_order() {
        assert_eq!(
            compare_url(&["a", "b"], false),
            "/supports/compare?item=a&item=b"
        );
        assert_eq!(
            compare_url(&["a", "b", "c"], true),
            "/supports/compare?item=a&item=b&item=c&diff=1"
        );
    }
}
