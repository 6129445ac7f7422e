//! Versions of private pages (a saved routine): every write to the owner's
//! data moves its version on, and the version is part of the page's key, so
//! a page kept under an earlier version is never served again.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// How many version counters private pages share.
const PRIVATE_STRIPES: usize = 4096;

/// Versions by a hash of their owner: a fixed set of counters, so memory
/// does not grow with the number of owners (owners sharing a counter only
/// cost each other a re-render).
pub struct Versions {
    stripes: Box<[AtomicU64]>,
}

impl Versions {
    pub fn new() -> Versions {
        Versions {
            stripes: (0..PRIVATE_STRIPES).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn stripe(&self, owner: &[u8]) -> &AtomicU64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        owner.hash(&mut hasher);
        let index = usize::try_from(hasher.finish() % PRIVATE_STRIPES as u64).unwrap_or(0);
        &self.stripes[index]
    }

    /// The current version of `owner`'s pages.
    pub fn get(&self, owner: &[u8]) -> u64 {
        self.stripe(owner).load(Ordering::Acquire)
    }

    /// Moves `owner`'s version on.
    pub fn bump(&self, owner: &[u8]) {
        self.stripe(owner).fetch_add(1, Ordering::AcqRel);
    }
}
