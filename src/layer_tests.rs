//! Dependencies point one way: the domain (`content`, `routine`, `supports`,
//! `saved`) is pure and knows nothing of the layers that serve it. `db` and
//! `web` use the domain, never the reverse; whatever the domain needs from
//! them (which pictures are embedded, say) is passed in at start-up. This
//! test reads the domain's source and fails, naming file and line, on any
//! path into those layers.

use std::path::{Path, PathBuf};

/// The domain's folders under `src/`.
const DOMAIN: [&str; 4] = ["content", "routine", "supports", "saved"];

/// Modules of the crate the domain must not name: the database, the web
/// layer and start-up, and what the crate root re-exports from them.
const ABOVE_THE_DOMAIN: [&str; 9] = [
    "db",
    "web",
    "server",
    "reload",
    "AppState",
    "app",
    "configure",
    "startup",
    "load_content",
];

/// Every place in `source` where a path from `crate::` or `super::` goes
/// into a forbidden module, as (line, the path's start as written).
/// Comments are skipped.
fn forbidden_paths(source: &str) -> Vec<(usize, String)> {
    let code = without_comments(source);
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            // `x::crate::` is no path from the root, and the second
            // `super::` of `super::super::` is part of the first's path.
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut rest = code[at + start.len()..].trim_start();
            while let Some(after) = rest.strip_prefix("super::") {
                rest = after.trim_start();
            }
            let names: Vec<&str> = match rest.strip_prefix('{') {
                // `crate::{db, web::x}`: each item's first segment.
                Some(group) => group[..group.find('}').unwrap_or(group.len())]
                    .split(',')
                    .map(first_segment)
                    .collect(),
                None => vec![first_segment(rest)],
            };
            if names.iter().any(|n| ABOVE_THE_DOMAIN.contains(n)) {
                let line = code[..at].matches('\n').count() + 1;
                let shown: String = code[at..].chars().take_while(|c| *c != '\n').collect();
                found.push((line, shown.trim_end().to_owned()));
            }
        }
    }
    found.sort();
    found
}

fn first_segment(path: &str) -> &str {
    let path = path.trim_start();
    let end = path
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(path.len());
    &path[..end]
}

/// `source` with every `//` comment blanked out, lines kept where they are.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()));
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_domain_module_imports_db_web_or_start_up() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for folder in DOMAIN {
        rust_files(&src.join(folder), &mut files);
    }
    assert!(files.len() > 20, "found only {files:?}");
    let mut wrong = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", file.display()));
        let shown = file
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(file);
        for (line, path) in forbidden_paths(&text) {
            wrong.push(format!("{}:{line}: {path}", shown.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "the domain ({}) must not use the layers above it ({}); pass what it needs in from start-up instead:\n{}",
        DOMAIN.join(", "),
        ABOVE_THE_DOMAIN.join(", "),
        wrong.join("\n")
    );
}

#[test]
fn every_way_of_naming_a_layer_above_is_found() {
    let source = "use crate::db::search::SearchDocument;\n\
                  use crate::{content, web::assets};\n\
                  use crate::{\n    db,\n};\n\
                  fn f() { crate::web::assets::embedded(\"x\"); }\n\
                  use super::super::web;\n\
                  fn g(s: crate::server::Server) {}\n\
                  let s = crate::AppState::default();\n";
    let lines: Vec<usize> = forbidden_paths(source)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(lines, [1, 2, 3, 6, 7, 8, 9]);
}

#[test]
fn the_domain_itself_comments_and_look_alikes_pass() {
    let source = "use crate::content::ContentProblem;\n\
                  use super::catalog::Exercise;\n\
                  use crate::{routine, supports::UseContext};\n\
                  // not crate::web::assets, only a comment\n\
                  /// See [`crate::db::search`] for where these go.\n\
                  let web = my_crate::web::x; let d = crate::dbx::y;\n";
    assert_eq!(forbidden_paths(source), []);
}
