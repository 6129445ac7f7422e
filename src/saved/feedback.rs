//! How a session went, beyond "done" and "pain now": the three optional
//! answers the pain-monitoring rules read (pain during the session, how hard
//! it felt, how the back felt the next morning).

use serde::{Deserialize, Serialize};

/// How hard a session felt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    TooEasy,
    AboutRight,
    TooHard,
}

/// How the back felt this morning compared with before the last session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Morning {
    Better,
    Same,
    Worse,
}

impl Effort {
    pub const ALL: [Effort; 3] = [Effort::TooEasy, Effort::AboutRight, Effort::TooHard];

    /// The form and database value.
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::TooEasy => "too_easy",
            Effort::AboutRight => "about_right",
            Effort::TooHard => "too_hard",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Effort::TooEasy => "Too easy",
            Effort::AboutRight => "About right",
            Effort::TooHard => "Too hard",
        }
    }

    pub fn parse(text: &str) -> Option<Effort> {
        Effort::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

impl Morning {
    pub const ALL: [Morning; 3] = [Morning::Better, Morning::Same, Morning::Worse];

    /// The form and database value.
    pub fn as_str(self) -> &'static str {
        match self {
            Morning::Better => "better",
            Morning::Same => "same",
            Morning::Worse => "worse",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Morning::Better => "Better",
            Morning::Same => "The same",
            Morning::Worse => "Worse",
        }
    }

    pub fn parse(text: &str) -> Option<Morning> {
        Morning::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_unknown_ones_are_refused() {
        for e in Effort::ALL {
            assert_eq!(Effort::parse(e.as_str()), Some(e));
        }
        for m in Morning::ALL {
            assert_eq!(Morning::parse(m.as_str()), Some(m));
        }
        assert_eq!(Effort::parse("TOO_EASY"), None);
        assert_eq!(Morning::parse(""), None);
    }
}
