//! Saved routines: private links, the progress log and its exports.
//!
//! Pure: token generation and hashing, progress summaries and the chart's
//! geometry, CSV and iCalendar export. Storage is in `db` (`db::Store`); pages are
//! in `web::pages::saved`.

pub mod adapt;
pub mod export;
pub mod feedback;
pub mod logform;
pub mod progress;
pub mod schedule;
pub mod token;

pub use feedback::{Effort, Morning};
pub use progress::{LogEntry, Progress};
pub use token::Token;

/// Longest note a person can attach to a logged session (characters).
pub const NOTE_MAX_CHARS: usize = 500;
