//! Lumbar supports: the product catalog (`content/supports.toml`), the
//! recommender that picks a few for a page, list filters and the comparison
//! table.
//!
//! Pure domain code: no actix, no SQL. The catalog is checked when it is
//! loaded ([`catalog`]); everything else works on a valid [`Catalog`].
//!
//! The site presents these products as comfort and sitting-posture aids only.
//! NICE NG59 advises against belts and corsets for low back pain, so the
//! loader refuses belts, braces and corsets, and any wording that claims a
//! product treats pain.
//!
//! The routine's answers come in typed ([`crate::routine::Worse`],
//! [`crate::routine::Equipment`], [`crate::routine::Activity`]): a renamed
//! or new answer is a compile error here, not a recommendation silently lost.
//! Each product's `not_for_worse` uses the same [`crate::routine::Worse`]
//! values, and the recommender never shows a product to someone whose
//! answers it says it is not for.

pub mod catalog;
pub mod compare;
pub mod filter;
pub mod recommend;

pub use catalog::{
    CLAIM_PHRASES, CLAIM_WORDS, FORBIDDEN_PRODUCT_WORDS, first_phrase_in, parse as parse_catalog,
};
pub use compare::{CompareError, CompareRow, CompareSelection};
pub use filter::{ListFilters, ListQuery, Sort};
pub use recommend::{ExerciseHint, RecommendContext, Recommendation, recommend, similar};

use crate::routine::Worse;

/// The most products the sidebar shows, and the most the compare page takes.
pub const MAX_PICKS: usize = 3;

/// Where a support is used. The one list of these places: guide front
/// matter (`support_contexts`), the catalog's `contexts` and the
/// `/supports?context=` filter all use these slugs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UseContext {
    OfficeChair,
    Car,
    Sofa,
    Bed,
    Travel,
    Wheelchair,
}

impl UseContext {
    pub const ALL: [UseContext; 6] = [
        UseContext::OfficeChair,
        UseContext::Car,
        UseContext::Sofa,
        UseContext::Bed,
        UseContext::Travel,
        UseContext::Wheelchair,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            UseContext::OfficeChair => "office-chair",
            UseContext::Car => "car",
            UseContext::Sofa => "sofa",
            UseContext::Bed => "bed",
            UseContext::Travel => "travel",
            UseContext::Wheelchair => "wheelchair",
        }
    }

    pub fn from_slug(slug: &str) -> Option<UseContext> {
        UseContext::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The slugs, for messages: "office-chair, car, …, travel or wheelchair".
    pub fn names() -> String {
        crate::routine::join_or(&UseContext::ALL.map(UseContext::slug))
    }

    /// A capitalised label for filters and tables ("Office chair").
    pub fn label(self) -> &'static str {
        match self {
            UseContext::OfficeChair => "Office chair",
            UseContext::Car => "Car",
            UseContext::Sofa => "Sofa",
            UseContext::Bed => "Bed",
            UseContext::Travel => "Travel",
            UseContext::Wheelchair => "Wheelchair",
        }
    }

    /// The place in a sentence: "made for {phrase}".
    pub fn phrase(self) -> &'static str {
        match self {
            UseContext::OfficeChair => "a desk or office chair",
            UseContext::Car => "the car",
            UseContext::Sofa => "the sofa",
            UseContext::Bed => "bed",
            UseContext::Travel => "travel",
            UseContext::Wheelchair => "a wheelchair",
        }
    }
}

/// What sort of product it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    LumbarRoll,
    BackCushion,
    ChairBackSupport,
    CarSupport,
    TravelPillow,
    SeatCushion,
    SleepingPillow,
    KneePillow,
    LumbarPad,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::LumbarRoll,
        Kind::BackCushion,
        Kind::ChairBackSupport,
        Kind::CarSupport,
        Kind::TravelPillow,
        Kind::SeatCushion,
        Kind::SleepingPillow,
        Kind::KneePillow,
        Kind::LumbarPad,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Kind::LumbarRoll => "lumbar-roll",
            Kind::BackCushion => "back-cushion",
            Kind::ChairBackSupport => "chair-back-support",
            Kind::CarSupport => "car-support",
            Kind::TravelPillow => "travel-pillow",
            Kind::SeatCushion => "seat-cushion",
            Kind::SleepingPillow => "sleeping-pillow",
            Kind::KneePillow => "knee-pillow",
            Kind::LumbarPad => "lumbar-pad",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::LumbarRoll => "Lumbar roll",
            Kind::BackCushion => "Back cushion",
            Kind::ChairBackSupport => "Chair back support",
            Kind::CarSupport => "Car seat support",
            Kind::TravelPillow => "Travel pillow",
            Kind::SeatCushion => "Seat cushion",
            Kind::SleepingPillow => "Sleeping pillow",
            Kind::KneePillow => "Knee pillow",
            Kind::LumbarPad => "Lumbar pad",
        }
    }

    /// Whether it sits against the lower back and so shapes its curve (seat
    /// cushions and knee pillows do not). Firmness hints only apply to these.
    pub fn shapes_lower_back(self) -> bool {
        !matches!(self, Kind::SeatCushion | Kind::KneePillow)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Firmness {
    Soft,
    Medium,
    Firm,
}

impl Firmness {
    pub const ALL: [Firmness; 3] = [Firmness::Soft, Firmness::Medium, Firmness::Firm];

    pub fn slug(self) -> &'static str {
        match self {
            Firmness::Soft => "soft",
            Firmness::Medium => "medium",
            Firmness::Firm => "firm",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Firmness> {
        Firmness::ALL.into_iter().find(|f| f.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Firmness::Soft => "Soft",
            Firmness::Medium => "Medium",
            Firmness::Firm => "Firm",
        }
    }
}

/// A currency the catalog may price in, with its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    Gbp,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Gbp => "GBP",
        }
    }

    pub fn from_code(code: &str) -> Option<Currency> {
        match code {
            "GBP" => Some(Currency::Gbp),
            _ => None,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Gbp => "£",
        }
    }
}

/// A price in minor units (pence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Price {
    pub minor: u32,
    pub currency: Currency,
}

impl Price {
    /// "£24.99"; whole amounts keep their pence ("£20.00") so a column of
    /// prices lines up.
    pub fn formatted(&self) -> String {
        format!(
            "{}{}.{:02}",
            self.currency.symbol(),
            group_thousands(self.minor / 100),
            self.minor % 100
        )
    }
}

/// Outside measurements in centimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeCm {
    pub width: f64,
    pub depth: f64,
    pub height: f64,
}

impl SizeCm {
    /// "33 × 13 × 13 cm" (width × depth × height).
    pub fn formatted(&self) -> String {
        format!(
            "{} × {} × {} cm",
            cm(self.width),
            cm(self.depth),
            cm(self.height)
        )
    }
}

fn cm(value: f64) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

/// "1,450" for 1450.
pub fn group_thousands(value: u32) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// What can be adjusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Adjustable {
    /// A strap holds it to the seat.
    pub strap: bool,
    /// Its height on the seat back can be changed.
    pub height: bool,
}

impl Adjustable {
    pub fn formatted(&self) -> &'static str {
        match (self.strap, self.height) {
            (true, true) => "Strap; height adjusts",
            (true, false) => "Strap; fixed height",
            (false, true) => "No strap; height adjusts",
            (false, false) => "No strap; fixed height",
        }
    }
}

/// One product, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    pub slug: String,
    pub name: String,
    pub kind: Kind,
    pub price: Price,
    pub firmness: Firmness,
    pub material: String,
    pub washable_cover: bool,
    pub size_cm: SizeCm,
    pub weight_g: u32,
    pub adjustable: Adjustable,
    /// Where it is used; the first is what it is made for.
    pub contexts: Vec<UseContext>,
    /// One or two sentences for cards and the meta description.
    pub summary: String,
    /// A short clause saying what it does, completing "You said …: ".
    pub pitch: String,
    pub suits: Vec<String>,
    pub not_for: Vec<String>,
    /// The `worse` answers this product is not for: someone who gave any of
    /// them is never shown it as a recommendation. A `not_for` line says why.
    pub not_for_worse: Vec<Worse>,
    /// Not for pregnancy (it is used lying on the back): never recommended
    /// beside a pregnant person's plan.
    pub not_in_pregnancy: bool,
    pub how_to_use: Vec<String>,
    /// Path under `static/`, e.g. `supports/firm-lumbar-roll.svg`.
    pub picture: String,
    pub alt: String,
}

impl Support {
    pub fn url(&self) -> String {
        format!("/supports/{}", self.slug)
    }

    pub fn cover_label(&self) -> &'static str {
        if self.washable_cover {
            "Removable, machine-washable"
        } else {
            "Not washable: wipe clean"
        }
    }

    pub fn weight_label(&self) -> String {
        format!("{} g", group_thousands(self.weight_g))
    }

    pub fn contexts_label(&self) -> String {
        self.contexts
            .iter()
            .map(|c| c.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The facts shown in the product page's table and compared side by
    /// side, as (label, value) with one unit per row.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Price", self.price.formatted()),
            ("Kind", self.kind.label().to_owned()),
            ("Firmness", self.firmness.label().to_owned()),
            ("Size (width × depth × height)", self.size_cm.formatted()),
            ("Weight", self.weight_label()),
            ("Material", self.material.clone()),
            ("Cover", self.cover_label().to_owned()),
            ("Adjustability", self.adjustable.formatted().to_owned()),
            ("Made for", self.contexts_label()),
        ]
    }

    /// The first of `worse` that this product says it is not for, if any.
    pub fn ruled_out_by(&self, worse: impl IntoIterator<Item = Worse>) -> Option<Worse> {
        worse.into_iter().find(|w| self.not_for_worse.contains(w))
    }

    /// How well it fits a context: 10 for what it is made for (listed
    /// first), 6 for the second, 4 for any other listed, 0 if not listed.
    pub fn fit(&self, context: UseContext) -> u32 {
        match self.contexts.iter().position(|c| *c == context) {
            Some(0) => 10,
            Some(1) => 6,
            Some(_) => 4,
            None => 0,
        }
    }
}

/// The whole catalog, in file order (the editor's order, used to break ties).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub items: Vec<Support>,
}

impl Catalog {
    pub fn get(&self, slug: &str) -> Option<&Support> {
        self.items.iter().find(|s| s.slug == slug)
    }

    /// Position in the file (0-based), for stable ordering.
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.items.iter().position(|s| s.slug == slug)
    }

    /// The kinds present in the catalog, in [`Kind::ALL`] order (for filters).
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| self.items.iter().any(|s| s.kind == *k))
            .collect()
    }
}

/// The shipped catalog, for tests (every picture counted as present).
#[cfg(test)]
pub(crate) fn shipped_catalog() -> Catalog {
    parse_catalog(
        include_str!("../../content/supports.toml"),
        "supports.toml",
        &|_| true,
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_show_pounds_and_pence() {
        let p = |minor| Price {
            minor,
            currency: Currency::Gbp,
        };
        assert_eq!(p(2499).formatted(), "£24.99");
        assert_eq!(p(2000).formatted(), "£20.00");
        assert_eq!(p(5).formatted(), "£0.05");
        assert_eq!(p(123_456).formatted(), "£1,234.56");
    }

    #[test]
    fn sizes_and_weights_use_one_unit_each() {
        let size = SizeCm {
            width: 33.0,
            depth: 12.5,
            height: 13.04,
        };
        assert_eq!(size.formatted(), "33 × 12.5 × 13 cm");
        assert_eq!(group_thousands(1450), "1,450");
        assert_eq!(group_thousands(300), "300");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn slugs_round_trip() {
        for c in UseContext::ALL {
            assert_eq!(UseContext::from_slug(c.slug()), Some(c));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::from_slug(k.slug()), Some(k));
        }
        for f in Firmness::ALL {
            assert_eq!(Firmness::from_slug(f.slug()), Some(f));
        }
        assert_eq!(UseContext::from_slug("Office-Chair"), None);
        assert_eq!(
            UseContext::names(),
            "office-chair, car, sofa, bed, travel or wheelchair"
        );
    }
}
