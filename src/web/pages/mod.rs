//! The handlers, one module per page or group of pages. Each module's
//! documentation names its routes; [`crate::web::configure`] wires them.

pub mod exercises;
pub mod feeds;
pub mod guides;
pub mod health;
pub mod home;
pub mod routine;
pub mod saved;
pub mod search;
pub mod session;
pub mod supports;
