//! The routine builder's domain: validated answers, red-flag screening, the
//! exercise catalog and the planner. Pure: no actix, no SQL, no I/O except
//! reading the catalog file in [`catalog::load`].
//!
//! What other parts of the site use:
//! - [`Answers`]: the checked form answers; [`Answers::from_query`] decodes a
//!   query string, [`Answers::to_query`] writes the canonical one back;
//! - [`plan`]: answers + catalog + warning signs → [`Outcome`] (a referral,
//!   the adults-only or ease-it-first answer, or a [`Plan`]);
//! - [`WarningSigns`]: the one table of warning signs (on `Content::signs`);
//! - [`Catalog`] / [`Exercise`]: the exercise library (on `Content::exercises`);
//! - [`session_steps`]: a session as timed steps, for the session guide;
//! - [`week_changes`]: what a week of a plan changes from the week before.

/// Declares a closed vocabulary: an enum whose values have a stable public
/// name (used in URLs and files) and a label for people.
macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( #[serde(rename = $value)] $variant, )+
        }

        impl $name {
            /// Every value, in the order forms and lists show them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable public name (URL parameter value, file value).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $value),+ }
            }

            /// Words for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value with this public name, if there is one.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($value => Some($name::$variant),)+ _ => None }
            }

            /// The public names, for messages: `a, b or c`.
            pub fn names() -> String {
                let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                crate::routine::join_or(&names)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod answers;
pub mod catalog;
pub mod changes;
pub mod planner;
pub mod screening;
pub mod signs;
pub mod steps;

#[cfg(test)]
mod safety_tests;

pub use answers::{
    Activity, Age, Answers, Cause, Duration, Field, FieldError, Invalid, Leg, Pregnancy, Worse,
};
pub use catalog::{Catalog, Category, Dosage, DoseUnit, Equipment, Exercise, Load, Position, Tag};
pub use changes::{Change, Growth, WeekChanges, week_changes};
pub use planner::{
    AvoidItem, Block, Day, Item, Outcome, Part, Plan, Session, SessionKind, Week, plan,
};
pub use screening::{RedFlag, Referral, Screened, Urgency};
pub use signs::{Level, SeeSoon, Sign, SignId, WarningSigns};
pub use steps::{SessionSteps, session_steps};

/// `a`, `a or b`, `a, b or c`.
pub(crate) fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
