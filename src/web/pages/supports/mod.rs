//! Lumbar-support pages: the filtered list, a product page, the comparison
//! of 2 or 3 products, and the recommendation sidebar other pages include.
//!
//! To show the sidebar on a page: give the page's template struct a field
//! `supports_sidebar: SupportsSidebar` built with [`sidebar`], and put
//! `{% include "partials/supports_sidebar.html" %}` where it belongs. The
//! partial loads `static/js/compare.js` itself.
//!
//! The pages are in [`list`], [`detail`] and [`compare`]; the sidebar and
//! what they share are here.

mod compare;
mod detail;
mod list;

pub use compare::compare;
pub use detail::detail;
pub use list::list;

use crate::content::Content;
use crate::supports::{RecommendContext, Recommendation, recommend};
use crate::web::AppState;

/// Where the compare script lives under `static/`.
pub(super) const COMPARE_JS: &str = "js/compare.js";

/// One recommended product, ready for the sidebar partial.
#[derive(Debug, Clone)]
pub struct SidebarItem {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub picture_url: String,
    pub price: String,
    pub kind: &'static str,
    /// Why it is shown, in one line.
    pub reason: String,
}

/// Everything `partials/supports_sidebar.html` needs.
#[derive(Debug, Clone)]
pub struct SupportsSidebar {
    pub heading: String,
    /// At most 3, best first.
    pub items: Vec<SidebarItem>,
    /// Prefix for element ids, so the partial can sit beside other
    /// compare checkboxes on one page.
    pub id_prefix: &'static str,
    pub script_url: String,
}

pub(super) fn sidebar_items(state: &AppState, picks: Vec<Recommendation<'_>>) -> Vec<SidebarItem> {
    picks
        .into_iter()
        .map(|r| SidebarItem {
            slug: r.support.slug.clone(),
            name: r.support.name.clone(),
            url: r.support.url(),
            picture_url: state.assets.url(&r.support.picture),
            price: r.support.price.formatted(),
            kind: r.support.kind.label(),
            reason: r.reason,
        })
        .collect()
}

/// The recommendation sidebar for a page whose situation is `ctx`: at most
/// 3 supports, each with its reason. Build `ctx` with
/// [`RecommendContext::for_guide`], [`RecommendContext::for_routine`] or
/// [`RecommendContext::for_exercise`].
pub fn sidebar(state: &AppState, content: &Content, ctx: &RecommendContext) -> SupportsSidebar {
    SupportsSidebar {
        heading: "Supports that may make this more comfortable".to_owned(),
        items: sidebar_items(state, recommend(&content.supports, ctx)),
        id_prefix: "sidebar",
        script_url: state.assets.url(COMPARE_JS),
    }
}

/// A choice in a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub(super) fn cut(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_owned(),
    }
}
