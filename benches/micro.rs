//! Criterion micro-benchmarks for the pure work behind the pages: Markdown
//! rendering of the longest shipped guide, one four-week plan, and the
//! supports recommender. Run with `cargo bench --bench micro`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use backcare::content::{Content, markdown};
use backcare::routine::{Activity, Answers, Equipment, Worse, plan};
use backcare::supports::{RecommendContext, recommend};
use backcare::web::cache::{Coding, Effort, compress};

fn content_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
}

/// The body (after the front matter) of the longest shipped guide.
fn longest_guide() -> (String, String) {
    let mut longest = (String::new(), String::new());
    for entry in std::fs::read_dir(content_dir().join("guides")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let body = text.splitn(3, "+++").nth(2).unwrap_or_default().to_owned();
        if body.len() > longest.1.len() {
            longest = (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                body,
            );
        }
    }
    longest
}

const ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=subacute&worse=sitting&worse=bending_forward\
&cause=posture&activity=light&days=3&minutes=20&equipment=mat&equipment=towel&cleared=no";

fn benches(c: &mut Criterion) {
    let (name, body) = longest_guide();
    c.bench_function(&format!("markdown: render {name}"), |b| {
        b.iter(|| markdown::render(black_box(&body)))
    });

    let content = Content::load(content_dir(), backcare::web::assets::embedded).unwrap();
    let answers = Answers::from_query(ANSWERS).unwrap();
    c.bench_function("planner: one plan (typical answers)", |b| {
        b.iter(|| plan(black_box(&answers), &content.exercises, &content.signs))
    });

    let guide = content
        .guides
        .get("sitting-well-and-lumbar-support")
        .unwrap();
    let for_guide = RecommendContext::for_guide(&guide.tags, &guide.support_contexts);
    c.bench_function("recommender: sidebar for a guide", |b| {
        b.iter(|| recommend(&content.supports, black_box(&for_guide)))
    });
    // Compressing a page body (the longest guide's HTML, as the cache and
    // the compression middleware do).
    let html = markdown::render(&body).html;
    for (coding, name) in [(Coding::Gzip, "gzip"), (Coding::Brotli, "brotli")] {
        for (effort, label) in [(Effort::Quick, "quick"), (Effort::Best, "best")] {
            c.bench_function(
                &format!("compress: {name} {label}, {} KB of HTML", html.len() / 1024),
                |b| b.iter(|| compress(coding, black_box(html.as_bytes()), effort)),
            );
        }
    }

    let for_plan = RecommendContext::for_routine(
        [Worse::Sitting, Worse::Driving],
        [Equipment::Mat, Equipment::Towel],
        Some(Activity::Light),
    );
    c.bench_function("recommender: sidebar for a plan", |b| {
        b.iter(|| recommend(&content.supports, black_box(&for_plan)))
    });
}

criterion_group!(micro, benches);
criterion_main!(micro);
