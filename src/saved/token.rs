//! Private-link tokens: 128 random bits from the OS, URL-safe base64.
//!
//! Only the SHA-256 of a token is stored, so a copy of the database does not
//! contain working links.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Random bytes in a token (128 bits).
const TOKEN_BYTES: usize = 16;
/// Length of the encoded token: 16 bytes → 22 base64 characters, no padding.
const TOKEN_CHARS: usize = 22;

/// A private-link token as it appears in `/r/{token}`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tokens are secrets: never print one by accident.
        f.write_str("Token(..)")
    }
}

impl Token {
    /// A fresh token from the operating system's CSPRNG.
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(Token(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Accepts only strings that could be a token we issued; anything else
    /// is treated as "no such routine".
    pub fn parse(raw: &str) -> Option<Token> {
        if raw.len() != TOKEN_CHARS {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        // Reject non-canonical encodings (different text, same bytes).
        (bytes.len() == TOKEN_BYTES && URL_SAFE_NO_PAD.encode(&bytes) == raw)
            .then(|| Token(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SHA-256 digest stored in the database.
    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_back_and_differ() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), TOKEN_CHARS);
        assert!(
            a.as_str()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_eq!(Token::parse(a.as_str()), Some(a.clone()));
        assert_eq!(a.hash().len(), 32);
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for raw in [
            "",
            "short",
            "aaaaaaaaaaaaaaaaaaaaa",   // 21
            "aaaaaaaaaaaaaaaaaaaaaaa", // 23
            "aaaaaaaaaaaaaaaaaaaa+/",  // not URL-safe
            "aaaaaaaaaaaaaaaaaaaa%2",
            "../../../../etc/passwd",
            "AAAAAAAAAAAAAAAAAAAAAB", // non-canonical trailing bits
        ] {
            assert_eq!(Token::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let t = Token::generate().unwrap();
        assert!(!format!("{t:?}").contains(t.as_str()));
    }
}
