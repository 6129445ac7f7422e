//! Integration tests, one binary: each module drives the real app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod caching;
mod common;
mod feeds;
mod guides;
mod hardening;
mod hostile;
mod search;

mod adapt;
mod routine;
mod saved;
mod session_guide;
mod shell;
mod signs;
mod socket;
mod storage;
mod supports;
