//! Markdown to HTML for guides, with pulldown-cmark.
//!
//! Pure: text in, [`Rendered`] out (HTML, headings, links, plain text and any
//! problems found). What it guarantees about the HTML:
//! - raw HTML written in the Markdown is shown as text, never passed through;
//! - every heading has an id (its text slugified, or `{#custom-id}`); from
//!   h2 down it sits in a `<div class="heading">` with a visible link to
//!   itself just after it (outside the heading, so screen readers hear the
//!   heading's own words when moving between headings);
//! - links to other sites carry `rel="noopener"`; links with any scheme but
//!   http, https or mailto lose their address (and are reported);
//! - images may only come from this site's `/static/` folder.

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

/// Ids the page around a guide uses itself; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "site-search-q",
    "disclaimer-title",
    "toc-title",
    "sources-title",
    "tags-title",
    "more-guides-title",
    "routine-cta-title",
    "support-sidebar-title",
];

/// The result of rendering one Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// The same HTML without heading anchors, for the Atom feed.
    pub feed_html: String,
    pub headings: Vec<Heading>,
    /// Every link and image address, in order, with its line.
    pub links: Vec<LinkRef>,
    /// The visible text, one block per line, for search, word counts and
    /// readability.
    pub text: String,
    /// Problems in the Markdown itself, with the line (1-based, within the
    /// Markdown given).
    pub problems: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 2 for `##`, 3 for `###`, ...
    pub level: u8,
    pub id: String,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub url: String,
    pub line: usize,
    pub image: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The agreed heading id: lowercase, letters and digits kept, every run of
/// anything else one `-`, trimmed of `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// How a link address is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    /// A path on this site or a `#fragment`.
    Internal,
    /// http(s) to another site.
    External,
    Mail,
    /// Anything else (`javascript:`, `data:`, a relative path...).
    Refused,
}

fn link_kind(url: &str) -> LinkKind {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        LinkKind::External
    } else if lower.starts_with("mailto:") {
        LinkKind::Mail
    } else if (lower.starts_with('/') && !lower.starts_with("//")) || lower.starts_with('#') {
        LinkKind::Internal
    } else {
        LinkKind::Refused
    }
}

fn line_at(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&start| start <= offset)
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Renders guide Markdown. Never fails: problems are returned alongside.
pub fn render(markdown: &str) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let events: Vec<(Event<'_>, usize)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(event, range)| (event, line_at(&line_starts, range.start)))
        .collect();

    let mut out = Rendered::default();
    let mut used_ids: HashSet<String> = RESERVED_IDS.iter().map(|s| (*s).to_owned()).collect();
    let mut html_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // Heading tags for the feed copy, which has no anchors or wrappers
    // (feed readers show no CSS): (index in html_events, replacement).
    let mut feed_swaps: Vec<(usize, Event<'_>)> = Vec::new();
    let mut previous_level = 1u8;
    // Addresses refused for the open links, so their `</a>` stays balanced.
    let mut link_stack: Vec<LinkKind> = Vec::new();

    let mut i = 0;
    while i < events.len() {
        let (event, line) = (&events[i].0, events[i].1);
        i += 1;
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = level_number(*level);
                // Collect the heading's inner events up to its end.
                let start = i;
                while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                    i += 1;
                }
                let inner = &events[start..i];
                i += 1; // the End event
                let text = plain_inline(inner.iter().map(|(e, _)| e));

                if level == 1 {
                    out.problems.push((
                        line,
                        "use `##` for sections: the guide's title is the page's only top-level heading".to_owned(),
                    ));
                } else if level > previous_level + 1 {
                    out.problems.push((
                        line,
                        format!(
                            "heading level jumps from {} to {} (\"{}\"); go down one level at a time",
                            previous_level, level, text
                        ),
                    ));
                }
                previous_level = level;

                let id = match id {
                    Some(custom) => {
                        let custom = custom.to_string();
                        if !super::is_slug(&custom) {
                            out.problems.push((
                                line,
                                format!("heading id {custom:?} must be lowercase letters, digits and single hyphens"),
                            ));
                        }
                        if !used_ids.insert(custom.clone()) {
                            out.problems.push((
                                line,
                                format!("heading id {custom:?} is used twice on this page"),
                            ));
                        }
                        custom
                    }
                    None => unique_id(&slugify(&text), &mut used_ids),
                };

                let mut open = String::new();
                if level >= 2 {
                    open.push_str("<div class=\"heading\">");
                }
                let _ = write!(open, "<h{level} id=\"");
                let _ = escape_html(&mut open, &id);
                open.push_str("\">");
                let mut plain_open = format!("<h{level} id=\"");
                let _ = escape_html(&mut plain_open, &id);
                plain_open.push_str("\">");
                feed_swaps.push((html_events.len(), Event::Html(plain_open.into())));
                html_events.push(Event::Html(open.into()));
                for (inner_event, inner_line) in inner {
                    push_inline(
                        inner_event.clone(),
                        *inner_line,
                        &mut html_events,
                        &mut link_stack,
                        &mut out,
                    );
                }
                let mut close = format!("</h{level}>");
                if level >= 2 {
                    close.push_str("\n<a class=\"heading-anchor\" href=\"#");
                    let _ = escape_html(&mut close, &id);
                    close.push_str("\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to the section “");
                    let _ = escape_html(&mut close, &text);
                    close.push_str("”</span></a></div>");
                }
                close.push('\n');
                feed_swaps.push((
                    html_events.len(),
                    Event::Html(format!("</h{level}>\n").into()),
                ));
                html_events.push(Event::Html(close.into()));

                out.text.push_str(&text);
                out.text.push('\n');
                out.headings.push(Heading {
                    level,
                    id,
                    text,
                    line,
                });
            }
            other => {
                collect_text(other, &mut out.text);
                push_inline(
                    other.clone(),
                    line,
                    &mut html_events,
                    &mut link_stack,
                    &mut out,
                );
            }
        }
    }

    let mut feed_events = html_events.clone();
    for (index, event) in feed_swaps {
        if let Some(slot) = feed_events.get_mut(index) {
            *slot = event;
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, html_events.into_iter());
    out.html = html;
    let mut feed_html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut feed_html, feed_events.into_iter());
    out.feed_html = feed_html;
    out.text = out.text.trim().to_owned();
    out
}

/// An id not yet used on the page: `base`, else `base-1`, `base-2`...
fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() { "section" } else { base };
    let mut id = base.to_owned();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// Text of inline events (a heading's words), with smart punctuation applied.
fn plain_inline<'a, 'e: 'a>(events: impl Iterator<Item = &'a Event<'e>>) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Adds what a reader sees of `event` to the plain text, one block a line.
fn collect_text(event: &Event<'_>, text: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(t),
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        Event::End(
            TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition,
        ) => text.push('\n'),
        Event::End(TagEnd::TableCell) => text.push_str(" \n"),
        Event::Start(Tag::Item) if !text.ends_with('\n') && !text.is_empty() => text.push('\n'),
        _ => {}
    }
}

/// Pushes one event for the HTML writer, making it safe on the way.
fn push_inline<'e>(
    event: Event<'e>,
    line: usize,
    html: &mut Vec<Event<'e>>,
    link_stack: &mut Vec<LinkKind>,
    out: &mut Rendered,
) {
    match event {
        // Raw HTML from the file is shown as text.
        Event::Html(raw) | Event::InlineHtml(raw) => html.push(Event::Text(raw)),
        Event::Start(Tag::HtmlBlock) => html.push(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => html.push(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            ..
        }) => {
            let dest_url = if link_type == LinkType::Email {
                CowStr::from(format!("mailto:{dest_url}"))
            } else {
                dest_url
            };
            let kind = link_kind(&dest_url);
            out.links.push(LinkRef {
                url: dest_url.to_string(),
                line,
                image: false,
            });
            let mut open = String::from("<a");
            match kind {
                LinkKind::Refused => out.problems.push((
                    line,
                    format!(
                        "link {:?}: write links to this site as paths starting with / (like /guides/core-stability-at-home), and links elsewhere as full https:// addresses",
                        dest_url.as_ref()
                    ),
                )),
                _ => {
                    open.push_str(" href=\"");
                    let _ = escape_href(&mut open, &dest_url);
                    open.push('"');
                }
            }
            if !title.is_empty() {
                open.push_str(" title=\"");
                let _ = escape_html(&mut open, &title);
                open.push('"');
            }
            if kind == LinkKind::External {
                open.push_str(" rel=\"noopener\"");
            }
            open.push('>');
            link_stack.push(kind);
            html.push(Event::InlineHtml(open.into()));
        }
        Event::End(TagEnd::Link) => {
            link_stack.pop();
            html.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            out.links.push(LinkRef {
                url: dest_url.to_string(),
                line,
                image: true,
            });
            let dest_url = if dest_url.starts_with("/static/") {
                dest_url
            } else {
                out.problems.push((
                    line,
                    format!(
                        "image {:?}: pictures must be files of this site under /static/",
                        dest_url.as_ref()
                    ),
                ));
                CowStr::Borrowed("")
            };
            html.push(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }));
        }
        other => html.push(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_follows_the_agreed_rule() {
        assert_eq!(slugify("Why activity helps"), "why-activity-helps");
        assert_eq!(
            slugify("  Step 1: brace -- then lift!  "),
            "step-1-brace-then-lift"
        );
        assert_eq!(
            slugify("Don’t push through pain"),
            "don-t-push-through-pain"
        );
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn headings_get_ids_anchors_and_custom_ids() {
        let r = render("## Why it helps\n\n### Details {#the-details}\n\n## Why it helps\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["why-it-helps", "the-details", "why-it-helps-1"]);
        assert!(
            r.html.contains("<h2 id=\"why-it-helps\">Why it helps</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<a class=\"heading-anchor\" href=\"#the-details\">")
        );
        assert_eq!(r.headings[1].line, 3);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn feed_html_has_the_same_body_without_anchors() {
        let r = render("Intro.\n\n## Why it helps\n\nText.\n");
        assert_eq!(
            r.feed_html,
            "<p>Intro.</p>\n<h2 id=\"why-it-helps\">Why it helps</h2>\n<p>Text.</p>\n"
        );
        assert!(r.html.contains("heading-anchor"));
    }

    #[test]
    fn reserved_ids_are_not_taken_by_headings() {
        let r = render("## Main\n");
        assert_eq!(r.headings[0].id, "main-1");
    }

    #[test]
    fn raw_html_is_escaped_everywhere() {
        let r = render(
            "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> more.\n\n## Head <b>bold</b>\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(!r.html.contains("<b>"), "{}", r.html);
        assert!(
            r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            r.html
        );
    }

    #[test]
    fn dangerous_link_schemes_lose_their_address_and_are_reported() {
        let r = render(
            "[click](javascript:alert(1)) and [x](data:text/html,hi) and [rel](other-page)\n",
        );
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("data:"), "{}", r.html);
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
    }

    #[test]
    fn external_links_get_noopener_and_internal_do_not() {
        let r = render("[NHS](https://www.nhs.uk/ \"NHS\") and [core](/guides/core#a-b)\n");
        assert!(
            r.html
                .contains("<a href=\"https://www.nhs.uk/\" title=\"NHS\" rel=\"noopener\">NHS</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"/guides/core#a-b\">core</a>"),
            "{}",
            r.html
        );
        let urls: Vec<_> = r.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://www.nhs.uk/", "/guides/core#a-b"]);
    }

    #[test]
    fn h1_and_skipped_levels_are_problems() {
        let r = render("# Title\n\n## A\n\n#### Too deep\n");
        let lines: Vec<_> = r.problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [1, 5], "{:?}", r.problems);
    }

    #[test]
    fn external_images_are_refused() {
        let r = render("![a](https://e.org/x.png) ![b](/static/supports/x.svg)\n");
        assert_eq!(r.problems.len(), 1);
        assert!(!r.html.contains("e.org"));
        assert!(r.html.contains("src=\"/static/supports/x.svg\""));
    }

    #[test]
    fn plain_text_has_one_block_a_line() {
        let r = render("## Title\n\nOne *two*\nthree.\n\n- four\n- five\n");
        assert_eq!(r.text, "Title\nOne two three.\nfour\nfive");
    }

    #[test]
    fn snapshot_of_a_full_guide_body() {
        let md = "\
Short intro with a footnote.[^nice] It's \"smart\" -- quotes...

## Why activity helps

Walk a little each day. ~~Rest in bed~~ is old advice.

| Part | How often |
|---|---|
| Core | Daily |
| Cardio | 3 times a week |

### Read more {#more}

See [the main guide](/guides/exercising-with-lower-back-pain#when-not-to-exercise)
and [the NHS](https://www.nhs.uk/conditions/back-pain/).

<div onclick=\"x()\">raw block</div>

[^nice]: NICE guideline NG59.
";
        insta::assert_snapshot!(render(md).html);
    }

    #[test]
    fn snapshot_of_hostile_markdown() {
        let md = "\
## <script>alert('h')</script> heading

Inline <iframe src=\"https://evil.example\"></iframe> and <a href=\"javascript:x\">a</a>.

[bad](javascript:alert(1)) [ok](/tags/core) <https://example.org/auto>

![pic](/static/x.svg \"t\\\"itle\")
";
        insta::assert_snapshot!(render(md).html);
    }
}
