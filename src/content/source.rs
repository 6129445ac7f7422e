//! Reading content files and pointing at places in them: the one way every
//! content file is read, TOML parsed with `file:line` errors, byte offsets
//! turned into line numbers, and the one rule for slugs.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::ContentProblem;

/// Reads `path`, or adds a problem naming it and returns `None`.
pub fn read(path: &Path, problems: &mut Vec<ContentProblem>) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(err) => {
            problems.push(ContentProblem {
                file: path.display().to_string(),
                line: None,
                message: format!("cannot read: {err}"),
            });
            None
        }
    }
}

/// Reads `dir/file` and checks it with `parse(text, shown path)`, adding
/// every problem (an unreadable file included) to `problems`. The one way
/// content files are loaded, so each reports problems alike.
pub fn load_file<T>(
    dir: &Path,
    file: &str,
    problems: &mut Vec<ContentProblem>,
    parse: impl FnOnce(&str, &str) -> Result<T, Vec<ContentProblem>>,
) -> Option<T> {
    let path = dir.join(file);
    let text = read(&path, problems)?;
    match parse(&text, &path.display().to_string()) {
        Ok(value) => Some(value),
        Err(found) => {
            problems.extend(found);
            None
        }
    }
}

/// Parses TOML `text` (shown as `file`) into `T`; a syntax error, a wrong
/// type or an unknown key comes back with the line it is on.
pub fn from_toml<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, ContentProblem> {
    toml::from_str(text).map_err(|err| ContentProblem {
        file: file.to_owned(),
        line: err.span().map(|span| line_of(text, span.start)),
        message: err.message().trim().to_owned(),
    })
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .unwrap_or(text)
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// Lowercase ASCII letters and digits in runs joined by single hyphens: the
/// rule for every slug, tag, family and heading id a content file names.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("core-stability-at-home"));
        assert!(is_slug("ng59"));
        for bad in ["", "Core", "a--b", "-a", "a-", "a_b", "é", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn lines_count_from_one() {
        let text = "a\nb\nc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 4), 3);
        assert_eq!(line_of(text, 99), 3);
    }

    #[test]
    fn toml_errors_carry_file_and_line() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct One {
            a: u8,
        }
        let err = from_toml::<One>("a = 1\nb = 2\n", "x.toml").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("x.toml", Some(2)));
        assert!(err.message.contains('b'), "{}", err.message);
    }
}
