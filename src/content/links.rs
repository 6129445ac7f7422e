//! Internal link checking, like Zola's: every link from a guide to a page of
//! this site must resolve, or the site refuses to start.
//!
//! Guides and tags are always checked. Exercise and support pages belong to
//! other parts of the site: pass their slugs in [`KnownPages`] and links to
//! them are checked too; leave a set `None` and those links are accepted
//! as written.

use std::collections::{BTreeSet, HashMap, HashSet};

/// Slugs of pages owned by other parts of the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownPages {
    /// Slugs `x` for which `/exercises/x` exists; `None` = not checked.
    pub exercises: Option<BTreeSet<String>>,
    /// Slugs `x` for which `/supports/x` exists; `None` = not checked.
    pub supports: Option<BTreeSet<String>>,
}

/// Pages that always exist, linkable exactly as written.
pub const SECTION_PATHS: &[&str] = &[
    "/",
    "/guides",
    "/tags",
    "/search",
    "/feed.xml",
    "/sitemap.xml",
    "/routine",
    "/exercises",
    "/supports",
];

/// A guide as a link target.
#[derive(Debug, Clone, Copy)]
pub struct GuideTarget<'a> {
    /// Ids of its headings (and so valid `#fragments`).
    pub anchors: &'a HashSet<String>,
    /// A draft that is not being served: linking to it would be a 404.
    pub hidden: bool,
}

/// Everything a link can point at.
#[derive(Debug, Clone, Copy)]
pub struct Targets<'a> {
    pub guides: &'a HashMap<String, GuideTarget<'a>>,
    pub tags: &'a BTreeSet<String>,
    pub known: &'a KnownPages,
}

/// Checks one link found in a guide whose own heading ids are `own_anchors`.
/// `Err` says what is wrong, for the author.
pub fn check(
    url: &str,
    own_anchors: &HashSet<String>,
    targets: &Targets<'_>,
) -> Result<(), String> {
    let url = url.trim();
    if let Some(fragment) = url.strip_prefix('#') {
        return if own_anchors.contains(fragment) {
            Ok(())
        } else {
            Err(format!("no heading with id {fragment:?} on this page"))
        };
    }
    if !url.starts_with('/') || url.starts_with("//") {
        // External and mailto links are not checked here.
        return Ok(());
    }
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);

    if SECTION_PATHS.contains(&path) || path.starts_with("/static/") {
        return Ok(());
    }
    if let Some(slug) = path.strip_prefix("/guides/") {
        let Some(guide) = targets.guides.get(slug) else {
            return Err(format!(
                "there is no guide {slug:?} (no file guides/{slug}.md)"
            ));
        };
        if guide.hidden {
            return Err(format!(
                "guide {slug:?} is a draft, which is hidden unless the site runs with --drafts"
            ));
        }
        return match fragment {
            Some(fragment) if !guide.anchors.contains(fragment) => Err(format!(
                "guide {slug:?} has no heading with id {fragment:?}"
            )),
            _ => Ok(()),
        };
    }
    if let Some(tag) = path.strip_prefix("/tags/") {
        return if targets.tags.contains(tag) {
            Ok(())
        } else {
            Err(format!("no published guide has the tag {tag:?}"))
        };
    }
    for (prefix, set, what) in [
        ("/exercises/", &targets.known.exercises, "exercise"),
        ("/supports/", &targets.known.supports, "support"),
    ] {
        if let Some(slug) = path.strip_prefix(prefix) {
            return match set {
                Some(slugs) if !slugs.contains(slug) => {
                    Err(format!("there is no {what} {slug:?} in the catalog"))
                }
                _ => Ok(()),
            };
        }
    }
    Err(format!("there is no page at {path} on this site"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn with_targets(known: KnownPages, f: impl FnOnce(&Targets<'_>)) {
        let core = set(&["why", "how"]);
        let draft = set(&[]);
        let mut guides = HashMap::new();
        guides.insert(
            "core".to_owned(),
            GuideTarget {
                anchors: &core,
                hidden: false,
            },
        );
        guides.insert(
            "secret".to_owned(),
            GuideTarget {
                anchors: &draft,
                hidden: true,
            },
        );
        let tags: BTreeSet<String> = ["core".to_owned()].into();
        f(&Targets {
            guides: &guides,
            tags: &tags,
            known: &known,
        });
    }

    #[test]
    fn guides_anchors_tags_and_sections_resolve() {
        with_targets(KnownPages::default(), |t| {
            let own = set(&["intro"]);
            for ok in [
                "/guides/core",
                "/guides/core#how",
                "/tags/core",
                "/routine",
                "/guides",
                "/supports",
                "#intro",
                "https://www.nhs.uk/x",
                "mailto:a@b.org",
                "/static/x.svg",
                "/guides?page=2",
            ] {
                assert_eq!(check(ok, &own, t), Ok(()), "{ok}");
            }
            for bad in [
                "/guides/cor",
                "/guides/core#nope",
                "/guides/secret",
                "/tags/cardio",
                "#missing",
                "/guide/core",
                "/guides/",
                "/routine/",
            ] {
                assert!(check(bad, &own, t).is_err(), "{bad}");
            }
        });
    }

    #[test]
    fn exercise_and_support_links_are_checked_only_when_known() {
        let own = HashSet::new();
        with_targets(KnownPages::default(), |t| {
            assert_eq!(check("/exercises/anything", &own, t), Ok(()));
            assert_eq!(check("/supports/anything", &own, t), Ok(()));
        });
        let known = KnownPages {
            exercises: Some(["bridge".to_owned()].into()),
            supports: Some(["firm-lumbar-roll".to_owned()].into()),
        };
        with_targets(known, |t| {
            assert_eq!(check("/exercises/bridge", &own, t), Ok(()));
            assert_eq!(check("/supports/firm-lumbar-roll", &own, t), Ok(()));
            assert!(check("/exercises/brigde", &own, t).is_err());
            assert!(check("/supports/belt", &own, t).is_err());
        });
    }
}
