//! Integration tests, one binary: each module drives the real app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod routine;
mod shell;
