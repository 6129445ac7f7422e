//! The guide front-matter parser: any file text is split or refused with a
//! line, and any front matter parses or gives located problems.
#![no_main]

use backcare::content::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let front = match frontmatter::split(&text) {
        Ok(split) => {
            assert!(split.body_line >= 3);
            split.front
        }
        Err((line, message)) => {
            assert!(line >= 1 && !message.is_empty());
            // Still parse the whole text as front matter.
            &text
        }
    };
    let lines = front.lines().count().max(1);
    if let Err(problems) = frontmatter::parse(front, 2, "guides/fuzz.md") {
        assert!(!problems.is_empty());
        for problem in &problems {
            assert!(!problem.message.is_empty());
            if let Some(line) = problem.line {
                assert!((2..=lines + 2).contains(&line), "line {line} past the text");
            }
        }
    }
});
