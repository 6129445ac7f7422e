//! What the release-binary tests that write (`durability.rs`,
//! `instances.rs`) share: the plan they save, its session days, an HTTP
//! agent and saving a routine weeks ago.

use std::time::Duration;

use backcare::web::clock::TEST_DAYS_HEADER;

/// The answers every routine in these tests is saved with.
pub const ANSWERS: &str = "red_flag=none&age=20-49&pain=4&duration=acute&worse=sitting&cause=strain&activity=light&days=3&minutes=20&equipment=wall&cleared=no";
/// Monday, Wednesday, Friday: the sessions of a three-day plan.
pub const DAYS: [u8; 3] = [1, 3, 5];

/// No rate limit, and a clock each request may move (`--test-clock`), so
/// routines can be saved weeks ago.
pub const SERVER_FLAGS: &[&str] = &["--post-rate", "0", "--test-clock"];

/// An agent that reports every status and follows no redirect.
pub fn new_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// Saves [`ANSWERS`] on `server` (started with [`SERVER_FLAGS`]) 27 days
/// ago, as a page of it would (its own `Origin`), so every session of
/// weeks 1 to 4 can be logged today; the routine's private path.
pub fn save(agent: &ureq::Agent, server: &str) -> String {
    let res = agent
        .post(&format!("{server}/routine/save"))
        .header("Origin", server)
        .header(TEST_DAYS_HEADER, "-27")
        .content_type("application/x-www-form-urlencoded")
        .send(ANSWERS)
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned()
}
