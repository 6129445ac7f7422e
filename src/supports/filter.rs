//! The `/supports` list filters: raw query values in, checked filters out,
//! or an error naming the value that could not be used; then the products
//! that pass them, in the chosen order ([`ListFilters::apply`]).

use std::cmp::Reverse;

use serde::Deserialize;

use super::{Catalog, Firmness, Kind, Support, UseContext};

/// The query string of `/supports` as sent. An empty value means "any"
/// (what a form sends for its first option).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    pub context: Option<String>,
    pub kind: Option<String>,
    pub firmness: Option<String>,
    pub max_price: Option<String>,
    pub sort: Option<String>,
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Products made for the chosen place first, then the editor's order.
    #[default]
    Relevance,
    PriceLowHigh,
    PriceHighLow,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::PriceLowHigh, Sort::PriceHighLow];

    pub fn slug(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceLowHigh => "price-low-high",
            Sort::PriceHighLow => "price-high-low",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::PriceLowHigh => "Price: low to high",
            Sort::PriceHighLow => "Price: high to low",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// Checked filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListFilters {
    pub context: Option<UseContext>,
    pub kind: Option<Kind>,
    pub firmness: Option<Firmness>,
    /// Highest price shown, in minor units (pence).
    pub max_price_minor: Option<u32>,
    pub sort: Sort,
}

/// A filter value that could not be used; the text is shown to the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError(pub String);

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The value as typed, cut short if long (it is shown back on the page).
fn shown(value: &str) -> String {
    match value.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Largest "up to" price accepted, in pounds.
const MAX_PRICE_POUNDS: u32 = 100_000;

/// Parses "30", "30.5", "30.50" or "£30" (pounds) into pence.
pub fn parse_pounds(value: &str) -> Option<u32> {
    let value = value.strip_prefix('£').unwrap_or(value);
    let (whole, frac) = match value.split_once('.') {
        Some((w, f)) => (w, f),
        None => (value, ""),
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 6
    {
        return None;
    }
    let pounds: u32 = whole.parse().ok()?;
    if pounds > MAX_PRICE_POUNDS {
        return None;
    }
    let pence: u32 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u32>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(pounds * 100 + pence)
}

impl ListQuery {
    /// Checks every value; the first that cannot be used is named.
    pub fn check(&self) -> Result<ListFilters, FilterError> {
        let context = match set(&self.context) {
            None => None,
            Some(v) => Some(UseContext::from_slug(v).ok_or_else(|| {
                FilterError(format!(
                    "\"{}\" is not a place we have supports for. Choose one of: {}.",
                    shown(v),
                    UseContext::ALL.map(UseContext::slug).join(", ")
                ))
            })?),
        };
        let kind = match set(&self.kind) {
            None => None,
            Some(v) => Some(Kind::from_slug(v).ok_or_else(|| {
                FilterError(format!(
                    "\"{}\" is not a kind of support we list. Choose one of: {}.",
                    shown(v),
                    Kind::ALL.map(Kind::slug).join(", ")
                ))
            })?),
        };
        let firmness = match set(&self.firmness) {
            None => None,
            Some(v) => Some(Firmness::from_slug(v).ok_or_else(|| {
                FilterError(format!(
                    "\"{}\" is not a firmness we know. Choose soft, medium or firm.",
                    shown(v)
                ))
            })?),
        };
        let max_price_minor = match set(&self.max_price) {
            None => None,
            Some(v) => Some(parse_pounds(v).ok_or_else(|| {
                FilterError(format!(
                    "\"{}\" is not a price we can use. Give an amount in pounds, such as 25 or 24.99.",
                    shown(v)
                ))
            })?),
        };
        let sort = match set(&self.sort) {
            None => Sort::default(),
            Some(v) => Sort::from_slug(v).ok_or_else(|| {
                FilterError(format!(
                    "\"{}\" is not a way we can sort. Choose one of: {}.",
                    shown(v),
                    Sort::ALL.map(Sort::slug).join(", ")
                ))
            })?,
        };
        Ok(ListFilters {
            context,
            kind,
            firmness,
            max_price_minor,
            sort,
        })
    }
}

impl ListFilters {
    /// True when something narrows the list (sorting does not).
    pub fn narrows(&self) -> bool {
        self.context.is_some()
            || self.kind.is_some()
            || self.firmness.is_some()
            || self.max_price_minor.is_some()
    }

    /// Whether `support` passes every filter.
    pub fn admits(&self, support: &Support) -> bool {
        self.context.is_none_or(|c| support.contexts.contains(&c))
            && self.kind.is_none_or(|k| support.kind == k)
            && self.firmness.is_none_or(|f| support.firmness == f)
            && self
                .max_price_minor
                .is_none_or(|max| support.price.minor <= max)
    }

    /// The products of `catalog` that pass, in the chosen order. "Best
    /// match" puts products made for the chosen place first (its rank in
    /// their `contexts`); every order then keeps the file's order, which the
    /// stable sort gives.
    pub fn apply<'a>(&self, catalog: &'a Catalog) -> Vec<&'a Support> {
        let mut found: Vec<&Support> = catalog.items.iter().filter(|s| self.admits(s)).collect();
        match self.sort {
            Sort::Relevance => {
                if let Some(context) = self.context {
                    found.sort_by_key(|s| s.contexts.iter().position(|c| *c == context));
                }
            }
            Sort::PriceLowHigh => found.sort_by_key(|s| s.price.minor),
            Sort::PriceHighLow => found.sort_by_key(|s| Reverse(s.price.minor)),
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supports::{Price, shipped_catalog};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    fn q(pairs: &[(&str, &str)]) -> ListQuery {
        let mut query = ListQuery::default();
        for (k, v) in pairs {
            let v = Some((*v).to_owned());
            match *k {
                "context" => query.context = v,
                "kind" => query.kind = v,
                "firmness" => query.firmness = v,
                "max_price" => query.max_price = v,
                "sort" => query.sort = v,
                _ => panic!("unknown key {k}"),
            }
        }
        query
    }

    #[test]
    fn empty_values_mean_any() {
        let filters = q(&[("context", ""), ("kind", " "), ("sort", "")])
            .check()
            .unwrap();
        assert_eq!(filters, ListFilters::default());
        assert!(!filters.narrows());
    }

    #[test]
    fn good_values_are_read() {
        let filters = q(&[
            ("context", "car"),
            ("kind", "lumbar-roll"),
            ("firmness", "firm"),
            ("max_price", "25"),
            ("sort", "price-high-low"),
        ])
        .check()
        .unwrap();
        assert_eq!(filters.context, Some(UseContext::Car));
        assert_eq!(filters.kind, Some(Kind::LumbarRoll));
        assert_eq!(filters.firmness, Some(Firmness::Firm));
        assert_eq!(filters.max_price_minor, Some(2500));
        assert_eq!(filters.sort, Sort::PriceHighLow);
    }

    #[test]
    fn bad_values_are_named() {
        for (key, value) in [
            ("context", "kitchen"),
            ("kind", "belt"),
            ("firmness", "squishy"),
            ("max_price", "cheap"),
            ("sort", "popular"),
        ] {
            let err = q(&[(key, value)]).check().unwrap_err();
            assert!(err.0.contains(&format!("\"{value}\"")), "{key}: {err}");
        }
    }

    #[test]
    fn prices_in_pounds() {
        assert_eq!(parse_pounds("30"), Some(3000));
        assert_eq!(parse_pounds("30.5"), Some(3050));
        assert_eq!(parse_pounds("24.99"), Some(2499));
        assert_eq!(parse_pounds("£15"), Some(1500));
        assert_eq!(parse_pounds("0"), Some(0));
        for bad in ["-5", "1.999", "", ".5", "1e3", "99999999", "12,50"] {
            assert_eq!(parse_pounds(bad), None, "{bad}");
        }
    }

    #[test]
    fn long_values_are_cut_when_shown() {
        let long = "x".repeat(500);
        let err = q(&[("kind", &long)]).check().unwrap_err();
        assert!(!err.0.contains(&long));
        assert!(err.0.contains('…'));
    }

    // ---- Applying the filters ------------------------------------------

    /// A product with only what the list looks at set (the rest copied
    /// from any valid product).
    fn product(
        slug: &str,
        kind: Kind,
        firmness: Firmness,
        pence: u32,
        contexts: &[UseContext],
    ) -> Support {
        static TEMPLATE: LazyLock<Support> = LazyLock::new(|| shipped_catalog().items[0].clone());
        let mut s = TEMPLATE.clone();
        s.slug = slug.to_owned();
        s.kind = kind;
        s.firmness = firmness;
        s.price = Price {
            minor: pence,
            ..s.price
        };
        s.contexts = contexts.to_vec();
        s
    }

    /// Five products with ties on price and on context rank.
    fn catalog() -> Catalog {
        use Firmness::*;
        use Kind::*;
        use UseContext::*;
        Catalog {
            items: vec![
                product("a", LumbarRoll, Firm, 2000, &[OfficeChair, Car]),
                product("b", LumbarRoll, Soft, 1500, &[Car, Sofa]),
                product("c", CarSupport, Medium, 2000, &[Car]),
                product("d", SeatCushion, Firm, 1500, &[Bed, Car]),
                product("e", LumbarPad, Firm, 2500, &[Wheelchair]),
            ],
        }
    }

    fn slugs(filters: ListFilters) -> Vec<String> {
        let catalog = catalog();
        filters
            .apply(&catalog)
            .into_iter()
            .map(|s| s.slug.clone())
            .collect()
    }

    #[test]
    fn no_filter_keeps_every_product_in_file_order() {
        assert_eq!(slugs(ListFilters::default()), ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn each_filter_narrows_on_its_own() {
        let only = |f: ListFilters| slugs(f);
        assert_eq!(
            only(ListFilters {
                kind: Some(Kind::LumbarRoll),
                ..ListFilters::default()
            }),
            ["a", "b"]
        );
        assert_eq!(
            only(ListFilters {
                firmness: Some(Firmness::Firm),
                ..ListFilters::default()
            }),
            ["a", "d", "e"]
        );
        // The cap is inclusive, in pence.
        assert_eq!(
            only(ListFilters {
                max_price_minor: Some(2000),
                ..ListFilters::default()
            }),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            only(ListFilters {
                max_price_minor: Some(1999),
                ..ListFilters::default()
            }),
            ["b", "d"]
        );
        assert!(
            only(ListFilters {
                context: Some(UseContext::Travel),
                ..ListFilters::default()
            })
            .is_empty()
        );
        // All together.
        assert_eq!(
            only(ListFilters {
                context: Some(UseContext::Car),
                firmness: Some(Firmness::Firm),
                max_price_minor: Some(2000),
                ..ListFilters::default()
            }),
            ["a", "d"]
        );
    }

    #[test]
    fn best_match_puts_what_a_product_is_made_for_first_then_file_order() {
        // Car is first for b and c, second for a and d.
        assert_eq!(
            slugs(ListFilters {
                context: Some(UseContext::Car),
                ..ListFilters::default()
            }),
            ["b", "c", "a", "d"]
        );
    }

    #[test]
    fn price_orders_break_ties_by_file_order_both_ways() {
        assert_eq!(
            slugs(ListFilters {
                sort: Sort::PriceLowHigh,
                ..ListFilters::default()
            }),
            ["b", "d", "a", "c", "e"]
        );
        assert_eq!(
            slugs(ListFilters {
                sort: Sort::PriceHighLow,
                ..ListFilters::default()
            }),
            ["e", "a", "c", "b", "d"]
        );
        // A place narrows but its rank does not order a price sort.
        assert_eq!(
            slugs(ListFilters {
                context: Some(UseContext::Car),
                sort: Sort::PriceHighLow,
                ..ListFilters::default()
            }),
            ["a", "c", "b", "d"]
        );
    }

    /// The list as first written (a SQL query): filter each field, then
    /// order by (context rank or 0 | price | -price, file position).
    fn reference(catalog: &Catalog, f: &ListFilters) -> Vec<String> {
        let mut rows: Vec<(i64, usize, &str)> = Vec::new();
        for (position, s) in catalog.items.iter().enumerate() {
            let rank = match f.context {
                None => Some(0),
                Some(c) => s.contexts.iter().position(|x| *x == c),
            };
            let Some(rank) = rank else { continue };
            if f.kind.is_some_and(|k| k != s.kind)
                || f.firmness.is_some_and(|x| x != s.firmness)
                || f.max_price_minor.is_some_and(|m| s.price.minor > m)
            {
                continue;
            }
            let key = match f.sort {
                Sort::Relevance => rank as i64,
                Sort::PriceLowHigh => i64::from(s.price.minor),
                Sort::PriceHighLow => -i64::from(s.price.minor),
            };
            rows.push((key, position, &s.slug));
        }
        rows.sort_unstable();
        rows.into_iter()
            .map(|(_, _, slug)| slug.to_owned())
            .collect()
    }

    fn any_product(i: usize) -> impl Strategy<Value = Support> {
        (
            prop::sample::select(Kind::ALL.to_vec()),
            prop::sample::select(Firmness::ALL.to_vec()),
            // Few prices, so ties are common.
            prop::sample::select(vec![999u32, 1500, 1999, 2000, 3499]),
            prop::sample::subsequence(UseContext::ALL.to_vec(), 1..=4).prop_shuffle(),
        )
            .prop_map(move |(kind, firmness, pence, contexts)| {
                product(&format!("p{i}"), kind, firmness, pence, &contexts)
            })
    }

    fn any_catalog() -> impl Strategy<Value = Catalog> {
        (0usize..12)
            .prop_flat_map(|n| (0..n).map(any_product).collect::<Vec<_>>())
            .prop_map(|items| Catalog { items })
    }

    fn any_filters() -> impl Strategy<Value = ListFilters> {
        (
            prop::option::of(prop::sample::select(UseContext::ALL.to_vec())),
            prop::option::of(prop::sample::select(Kind::ALL.to_vec())),
            prop::option::of(prop::sample::select(Firmness::ALL.to_vec())),
            prop::option::of(prop::sample::select(vec![
                0u32, 999, 1500, 1999, 2000, 5000,
            ])),
            prop::sample::select(Sort::ALL.to_vec()),
        )
            .prop_map(
                |(context, kind, firmness, max_price_minor, sort)| ListFilters {
                    context,
                    kind,
                    firmness,
                    max_price_minor,
                    sort,
                },
            )
    }

    proptest! {
        #[test]
        fn apply_agrees_with_the_reference(catalog in any_catalog(), filters in any_filters()) {
            let got: Vec<String> =
                filters.apply(&catalog).into_iter().map(|s| s.slug.clone()).collect();
            prop_assert_eq!(got, reference(&catalog, &filters));
        }
    }
}
