//! Guides: `content/guides/**/*.md`, each a TOML front matter and a Markdown
//! body, rendered once when loaded.
//!
//! The slug is the file name without `.md`. Guides are kept newest first.
//! Drafts are left out entirely unless [`LoadOptions::drafts`] is set, so they
//! cannot leak into lists, tags, feeds, the sitemap, search or prev/next.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::SearchDocument;
use super::frontmatter::{self, FrontMatter, Source};
use super::links::{self, GuideTarget, KnownPages, Targets};
use super::markdown::{self, Heading, LinkRef};
use super::readability;
use super::shortcodes;
use super::source::{is_slug, read};
use super::{ContentProblem, LoadOptions};

/// The folder, inside the content folder, that holds guides.
pub const DIR: &str = "guides";

/// The guide about warning signs: search offers it when nothing is found,
/// and indexes the warning-sign lists with it alone.
pub const WARNING_SIGNS_GUIDE: &str = "warning-signs-see-a-doctor";

/// Guides with at least this many `##` sections get a table of contents.
pub const TOC_MIN_SECTIONS: usize = 3;

/// One guide, checked and rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub slug: String,
    /// Where it came from, for messages (`content/guides/x.md`).
    pub file: String,
    pub title: String,
    /// At most 160 characters; the page's meta description.
    pub summary: String,
    pub date: NaiveDate,
    pub updated: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub tags: Vec<String>,
    /// Contexts (`office-chair`, `car`, ...) the lumbar-support sidebar
    /// should suggest supports for.
    pub support_contexts: Vec<String>,
    pub draft: bool,
    pub sources: Vec<Source>,
    /// The body as HTML, safe to embed (see [`markdown`]).
    pub html: String,
    /// The body for the Atom feed: the same HTML without heading anchors.
    pub feed_html: String,
    /// Every heading of the body, in order.
    pub headings: Vec<Heading>,
    /// The visible text of the body, for search and readability.
    pub text: String,
    /// Where in `text` the warning-sign lists of its shortcodes are (the
    /// same words in many guides): search leaves them out, see
    /// [`Guide::search_document`].
    shortcode_text: Vec<std::ops::Range<usize>>,
    pub word_count: usize,
    pub reading_minutes: usize,
    links: Vec<LinkRef>,
}

impl Guide {
    /// The guide's path on the site.
    pub fn url(&self) -> String {
        format!("/guides/{}", self.slug)
    }

    /// The `##` sections listed in the table of contents; empty when the
    /// guide has fewer than [`TOC_MIN_SECTIONS`].
    pub fn toc(&self) -> Vec<&Heading> {
        let sections: Vec<&Heading> = self.headings.iter().filter(|h| h.level == 2).collect();
        if sections.len() >= TOC_MIN_SECTIONS {
            sections
        } else {
            Vec::new()
        }
    }

    /// When the text last changed: `updated`, else `date`.
    pub fn last_changed(&self) -> NaiveDate {
        self.updated.unwrap_or(self.date)
    }

    /// True when `next_review` is set and before `today`.
    pub fn review_overdue(&self, today: NaiveDate) -> bool {
        self.next_review.is_some_and(|due| due < today)
    }

    /// The Flesch-Kincaid grade of the body text.
    pub fn grade(&self) -> Option<f64> {
        readability::flesch_kincaid_grade(&self.text)
    }

    /// What search indexes: summary, the guide's own words and tags. The
    /// warning-sign lists its shortcodes add are the same table in a dozen
    /// guides, so they are indexed once, with the warning-signs guide
    /// ([`WARNING_SIGNS_GUIDE`]): a search for a sign finds the guide about
    /// signs instead of every guide that repeats the list, and every
    /// search reads less text.
    fn search_document(&self) -> SearchDocument {
        let mut body = String::with_capacity(self.summary.len() + self.text.len() + 64);
        body.push_str(&self.summary);
        body.push('\n');
        if self.slug == WARNING_SIGNS_GUIDE {
            body.push_str(&self.text);
        } else {
            let mut from = 0;
            for range in &self.shortcode_text {
                body.push_str(self.text.get(from..range.start).unwrap_or(""));
                from = range.end;
            }
            body.push_str(self.text.get(from..).unwrap_or(""));
        }
        body.push('\n');
        body.push_str(&self.tags.join(" "));
        SearchDocument {
            kind: "guide",
            slug: self.slug.clone(),
            url: self.url(),
            title: self.title.clone(),
            body,
        }
    }
}

/// A tag and how many guides carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub name: String,
    pub count: usize,
}

/// One page of the guide list.
#[derive(Debug, Clone, Copy)]
pub struct ListPage<'a> {
    pub guides: &'a [Guide],
    /// 1-based.
    pub number: usize,
    pub total_pages: usize,
}

/// All guides being served, newest first, plus drafts kept back.
#[derive(Debug, Clone, Default)]
pub struct Guides {
    served: Vec<Guide>,
    /// Drafts not served (no `--drafts`): still checked, never shown.
    hidden: Vec<Guide>,
    by_slug: HashMap<String, usize>,
    /// Slugs of files that failed to load: their own problem is reported,
    /// so links to them are not reported again as broken.
    failed: HashSet<String>,
}

impl Guides {
    /// Builds the set from guides in any order; `hidden` are unserved drafts.
    pub fn new(mut served: Vec<Guide>, hidden: Vec<Guide>) -> Guides {
        served.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        let by_slug = served
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
        Guides {
            served,
            hidden,
            by_slug,
            failed: HashSet::new(),
        }
    }

    /// Every served guide, newest first.
    pub fn all(&self) -> &[Guide] {
        &self.served
    }

    pub fn is_empty(&self) -> bool {
        self.served.is_empty()
    }

    pub fn get(&self, slug: &str) -> Option<&Guide> {
        self.by_slug.get(slug).map(|&i| &self.served[i])
    }

    /// The `n` newest guides.
    pub fn latest(&self, n: usize) -> &[Guide] {
        &self.served[..n.min(self.served.len())]
    }

    /// The guide published just before this one ("previous").
    pub fn older(&self, slug: &str) -> Option<&Guide> {
        self.by_slug.get(slug).and_then(|&i| self.served.get(i + 1))
    }

    /// The guide published just after this one ("next").
    pub fn newer(&self, slug: &str) -> Option<&Guide> {
        self.by_slug
            .get(slug)
            .and_then(|&i| i.checked_sub(1))
            .and_then(|i| self.served.get(i))
    }

    /// Page `number` (1-based) of the list, `per_page` a page; `None` when
    /// out of range. Page 1 always exists, even with no guides.
    pub fn page(&self, number: usize, per_page: usize) -> Option<ListPage<'_>> {
        let per_page = per_page.max(1);
        let total_pages = self.served.len().div_ceil(per_page).max(1);
        if number == 0 || number > total_pages {
            return None;
        }
        let start = (number - 1) * per_page;
        let end = (start + per_page).min(self.served.len());
        Some(ListPage {
            guides: &self.served[start..end],
            number,
            total_pages,
        })
    }

    /// Guides with `tag`, newest first.
    pub fn tagged(&self, tag: &str) -> Vec<&Guide> {
        self.served
            .iter()
            .filter(|g| g.tags.iter().any(|t| t == tag))
            .collect()
    }

    /// Every tag in use, alphabetically, with its count.
    pub fn tags(&self) -> Vec<TagCount> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for guide in &self.served {
            for tag in &guide.tags {
                *counts.entry(tag).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|(name, count)| TagCount {
                name: name.to_owned(),
                count,
            })
            .collect()
    }

    /// Drafts that were loaded and checked but are not served.
    pub fn hidden_drafts(&self) -> &[Guide] {
        &self.hidden
    }

    /// What `/search` should find: every served guide.
    pub fn search_documents(&self) -> Vec<SearchDocument> {
        self.served.iter().map(Guide::search_document).collect()
    }

    /// Checks every internal link of every guide (served or held back),
    /// and reports each broken one with its file and line.
    pub fn check_links(&self, known: &KnownPages) -> Vec<ContentProblem> {
        let anchors: HashMap<&str, HashSet<String>> = self
            .served
            .iter()
            .chain(&self.hidden)
            .map(|g| {
                (
                    g.slug.as_str(),
                    g.headings.iter().map(|h| h.id.clone()).collect(),
                )
            })
            .collect();
        let mut guides: HashMap<String, GuideTarget<'_>> = HashMap::new();
        for (hidden, list) in [(false, &self.served), (true, &self.hidden)] {
            for guide in list {
                if let Some(anchors) = anchors.get(guide.slug.as_str()) {
                    guides.insert(guide.slug.clone(), GuideTarget { anchors, hidden });
                }
            }
        }
        let tags: BTreeSet<String> = self.tags().into_iter().map(|t| t.name).collect();
        let targets = Targets {
            guides: &guides,
            tags: &tags,
            known,
        };
        let empty = HashSet::new();
        let mut problems = Vec::new();
        for guide in self.served.iter().chain(&self.hidden) {
            let own = anchors.get(guide.slug.as_str()).unwrap_or(&empty);
            for link in &guide.links {
                let target_failed = link
                    .url
                    .strip_prefix("/guides/")
                    .and_then(|rest| rest.split(['#', '?']).next())
                    .is_some_and(|slug| self.failed.contains(slug));
                if target_failed {
                    continue;
                }
                if let Err(why) = links::check(&link.url, own, &targets) {
                    problems.push(ContentProblem {
                        file: guide.file.clone(),
                        line: Some(link.line),
                        message: format!("broken link {}: {why}", link.url),
                    });
                }
            }
        }
        problems
    }
}

/// Parses and renders one guide file. `slug` comes from the file name.
/// Parses a guide with no shortcode context (tests of guides without one).
#[cfg(test)]
pub fn parse(text: &str, slug: &str, file: &str) -> Result<Guide, Vec<ContentProblem>> {
    parse_with(text, slug, file, None)
}

/// Parses a guide, rendering its shortcodes with `context` (without one, a
/// shortcode is a problem) and refusing warning signs described outside
/// the shortcode.
pub fn parse_with(
    text: &str,
    slug: &str,
    file: &str,
    context: Option<shortcodes::Context<'_>>,
) -> Result<Guide, Vec<ContentProblem>> {
    let problem = |line: usize, message: String| ContentProblem {
        file: file.to_owned(),
        line: Some(line),
        message,
    };
    let split = frontmatter::split(text).map_err(|(line, message)| vec![problem(line, message)])?;
    let front = frontmatter::parse(split.front, split.front_line, file);
    let expanded = shortcodes::expand(split.body);
    let mut rendered = markdown::render(&expanded.markdown);
    let offset = split.body_line - 1;

    let mut problems: Vec<ContentProblem> = rendered
        .problems
        .iter()
        .chain(&expanded.problems)
        .map(|(line, message)| problem(line + offset, message.clone()))
        .collect();
    let mut shortcode_text = Vec::new();
    if let Err(message) = shortcodes::fill(
        &expanded.found,
        context,
        &mut rendered.html,
        &mut rendered.feed_html,
        &mut rendered.text,
        &mut shortcode_text,
    ) {
        problems.push(problem(split.body_line, message));
    }
    if let Some(context) = context {
        for (line, term, sign) in shortcodes::stated_signs(split.body, context.terms) {
            problems.push(problem(
                line + offset,
                format!(
                    "\"{term}\" describes the warning sign `{sign}` in the guide's own words: use {{{{ warning_signs(level=\"...\") }}}} so every page gives the same sign and urgency (the table is warning-signs.toml)"
                ),
            ));
        }
    }
    if !is_slug(slug) {
        problems.insert(
            0,
            ContentProblem {
                file: file.to_owned(),
                line: None,
                message: "the file name is the guide's address: use lowercase letters, digits and hyphens, like core-stability-at-home.md".to_owned(),
            },
        );
    }
    let front = match front {
        Ok(front) => Some(front),
        Err(mut front_problems) => {
            front_problems.append(&mut problems);
            problems = front_problems;
            None
        }
    };
    if rendered.text.trim().is_empty() {
        problems.push(problem(
            split.body_line,
            "the guide has no text after its front matter".to_owned(),
        ));
    }
    let Some(front) = front else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let FrontMatter {
        title,
        summary,
        date,
        updated,
        reviewed,
        next_review,
        tags,
        support_contexts,
        draft,
        sources,
    } = front;
    let word_count = readability::word_count(&rendered.text);
    Ok(Guide {
        slug: slug.to_owned(),
        file: file.to_owned(),
        title,
        summary,
        date,
        updated,
        reviewed,
        next_review,
        tags,
        support_contexts,
        draft,
        sources,
        html: rendered.html,
        feed_html: rendered.feed_html,
        headings: rendered.headings,
        text: rendered.text,
        shortcode_text,
        word_count,
        reading_minutes: readability::reading_minutes(word_count),
        links: rendered
            .links
            .into_iter()
            .map(|link| LinkRef {
                line: link.line + offset,
                ..link
            })
            .collect(),
    })
}

/// Every `.md` file under `dir`, sorted; dot-files and dot-folders skipped.
fn markdown_files(dir: &Path, problems: &mut Vec<ContentProblem>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(err) => {
                problems.push(ContentProblem {
                    file: folder.display().to_string(),
                    line: None,
                    message: format!("cannot read folder: {err}"),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Loads every guide under `<content>/guides`. A missing folder means no
/// guides yet, which is fine. Problems (including duplicate slugs) are added
/// to `problems`; the guides that loaded are returned either way.
pub fn load(
    content_dir: &Path,
    options: &LoadOptions,
    signs: Option<&crate::routine::WarningSigns>,
    site: Option<&super::SiteMeta>,
    problems: &mut Vec<ContentProblem>,
) -> Guides {
    let terms = signs.map(shortcodes::Terms::new);
    let context = match (signs, site, &terms) {
        (Some(signs), Some(site), Some(terms)) => Some(shortcodes::Context {
            signs,
            services: &site.services,
            terms,
        }),
        _ => None,
    };
    let dir = content_dir.join(DIR);
    if !dir.is_dir() {
        return Guides::default();
    }
    let mut served = Vec::new();
    let mut hidden = Vec::new();
    let mut failed = HashSet::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for path in markdown_files(&dir, problems) {
        let file = path.display().to_string();
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(text) = read(&path, problems) else {
            failed.insert(slug);
            continue;
        };
        if let Some(first) = seen.get(&slug) {
            problems.push(ContentProblem {
                file: file.clone(),
                line: None,
                message: format!(
                    "duplicate slug {slug:?}: {first} already uses it; guide file names must be unique"
                ),
            });
            continue;
        }
        seen.insert(slug.clone(), file.clone());
        match parse_with(&text, &slug, &file, context) {
            Ok(guide) if guide.draft && !options.drafts => hidden.push(guide),
            Ok(guide) => served.push(guide),
            Err(mut found) => {
                problems.append(&mut found);
                failed.insert(slug);
            }
        }
    }
    Guides {
        failed,
        ..Guides::new(served, hidden)
    }
}

/// One line of `backcare check`'s readability report.
#[derive(Debug, Clone, PartialEq)]
pub struct GuideReport {
    pub slug: String,
    pub file: String,
    pub words: usize,
    pub grade: Option<f64>,
    pub draft: bool,
    /// `next_review`, when it is before today.
    pub review_overdue: Option<NaiveDate>,
}

impl Guides {
    /// Word count, readability grade and review status of every guide
    /// (drafts included), newest first.
    pub fn report(&self, today: NaiveDate) -> Vec<GuideReport> {
        self.served
            .iter()
            .chain(&self.hidden)
            .map(|g| GuideReport {
                slug: g.slug.clone(),
                file: g.file.clone(),
                words: g.word_count,
                grade: g.grade(),
                draft: g.draft,
                review_overdue: g.next_review.filter(|_| g.review_overdue(today)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide_text(date: &str, extra: &str, body: &str) -> String {
        format!(
            "+++\ntitle = \"T\"\nsummary = \"S\"\ndate = {date}\ntags = [\"core\"]\n{extra}+++\n{body}"
        )
    }

    fn guide(slug: &str, date: &str, body: &str) -> Guide {
        parse(&guide_text(date, "", body), slug, &format!("{slug}.md")).unwrap()
    }

    #[test]
    fn body_problems_carry_file_lines() {
        let text = guide_text("2026-01-02", "", "Intro.\n\n# Big title\n");
        let problems = parse(&text, "x", "x.md").unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(9));
        assert_eq!(problems[0].file, "x.md");
    }

    #[test]
    fn bad_file_name_and_empty_body_are_problems() {
        let problems = parse(
            &guide_text("2026-01-02", "", "\n"),
            "Bad_Name",
            "Bad_Name.md",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn order_prev_next_and_pages() {
        let guides = Guides::new(
            (1..=12)
                .map(|d| guide(&format!("g{d}"), &format!("2026-01-{d:02}"), "Text."))
                .collect(),
            Vec::new(),
        );
        assert_eq!(guides.all()[0].slug, "g12");
        assert_eq!(guides.older("g12").map(|g| g.slug.as_str()), Some("g11"));
        assert_eq!(guides.newer("g12"), None);
        assert_eq!(guides.older("g1"), None);
        assert_eq!(guides.newer("g1").map(|g| g.slug.as_str()), Some("g2"));
        let first = guides.page(1, 10).unwrap();
        assert_eq!((first.guides.len(), first.total_pages), (10, 2));
        assert_eq!(guides.page(2, 10).unwrap().guides.len(), 2);
        assert!(guides.page(0, 10).is_none());
        assert!(guides.page(3, 10).is_none());
        assert_eq!(Guides::default().page(1, 10).unwrap().guides.len(), 0);
        assert!(Guides::default().page(2, 10).is_none());
        assert_eq!(guides.latest(3).len(), 3);
    }

    #[test]
    fn toc_needs_three_sections_and_reading_time_counts_words() {
        let short = guide("a", "2026-01-01", "## One\n\n## Two\n");
        assert!(short.toc().is_empty());
        let long = guide(
            "b",
            "2026-01-01",
            &format!(
                "## One\n\n### Sub\n\n## Two\n\n## Three\n\n{}",
                "word ".repeat(450)
            ),
        );
        let ids: Vec<_> = long.toc().iter().map(|h| h.id.clone()).collect();
        assert_eq!(ids, ["one", "two", "three"]);
        assert_eq!(long.reading_minutes, 3);
    }

    #[test]
    fn check_links_uses_known_exercise_and_support_slugs_when_given() {
        let g = guide(
            "a",
            "2026-01-01",
            "Try the [bridge](/exercises/bridge) and a [roll](/supports/firm-lumbar-roll).\n\n[Bad](/exercises/brige)\n",
        );
        let guides = Guides::new(vec![g], Vec::new());
        assert!(guides.check_links(&KnownPages::default()).is_empty());
        let known = KnownPages {
            exercises: Some(["bridge".to_owned()].into()),
            supports: Some(["firm-lumbar-roll".to_owned()].into()),
        };
        let problems = guides.check_links(&known);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, "a.md");
        assert_eq!(problems[0].line, Some(9));
        assert!(problems[0].message.contains("/exercises/brige"));
    }

    #[test]
    fn report_flags_overdue_reviews() {
        let text = guide_text(
            "2026-01-01",
            "reviewed = 2026-01-01\nnext_review = 2026-06-01\n",
            "Walk a bit.\n",
        );
        let g = parse(&text, "a", "a.md").unwrap();
        let guides = Guides::new(vec![g], Vec::new());
        let due = NaiveDate::from_ymd_opt(2026, 6, 1);
        let before = guides.report(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap());
        assert_eq!(before[0].review_overdue, None);
        let after = guides.report(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(after[0].review_overdue, due);
        assert_eq!(after[0].words, 3);
    }
}
