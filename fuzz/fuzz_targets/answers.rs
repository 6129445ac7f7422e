//! The routine answer decoder: any query string decodes to answers or to
//! field errors, and decoded answers survive a round trip.
#![no_main]

use backcare::routine::Answers;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    match Answers::from_query(&query) {
        Ok(answers) => {
            let again = Answers::from_query(&answers.to_query());
            assert_eq!(again.ok(), Some(answers), "round trip changed the answers");
        }
        Err(invalid) => assert!(!invalid.errors.is_empty(), "an error with no field errors"),
    }
    // The same bytes as name/value pairs, as a form body would give them.
    let pairs: Vec<(String, String)> = form_pairs(data);
    let _ = Answers::from_pairs(&pairs);
});

/// Splits raw bytes into pairs at `&` and `=` without decoding, so values
/// reach the decoder exactly as sent (invalid UTF-8 replaced).
fn form_pairs(data: &[u8]) -> Vec<(String, String)> {
    data.split(|b| *b == b'&')
        .map(|pair| {
            let mut parts = pair.splitn(2, |b| *b == b'=');
            let name = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
            let value = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
            (name, value)
        })
        .collect()
}
