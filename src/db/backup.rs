//! `backcare backup DEST`: a consistent copy of the SQLite database, made
//! while the site keeps serving.
//!
//! SQLite's online backup copies every page in one step, inside one read
//! transaction: in WAL mode that never blocks the site's writer, and the
//! copy is the database as of one moment. The copy is written beside DEST
//! and renamed into place when complete, so DEST is never half written,
//! and an existing DEST is never replaced.

use std::path::Path;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

/// What a finished copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub routines: u64,
    pub bytes: u64,
}

/// Copies the database at `source` to `dest`, or one line saying why not.
pub fn copy(source: &Path, dest: &Path) -> Result<Report, String> {
    if dest.exists() {
        return Err(format!(
            "{} already exists; give the copy a new name (backups never replace a file)",
            dest.display()
        ));
    }
    if !source.is_file() {
        return Err(format!("no database at {}", source.display()));
    }
    let partial = dest.with_file_name(format!(
        ".{}.partial",
        dest.file_name()
            .map_or_else(|| "backup".into(), |n| n.to_string_lossy())
    ));
    let result = copy_to(source, &partial).and_then(|report| {
        std::fs::rename(&partial, dest)
            .map_err(|err| format!("could not move the copy to {}: {err}", dest.display()))?;
        Ok(report)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn copy_to(source: &Path, partial: &Path) -> Result<Report, String> {
    let read = |err: rusqlite::Error| format!("could not read {}: {err}", source.display());
    let write = |err: rusqlite::Error| format!("could not write {}: {err}", partial.display());
    let from = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(read)?;
    from.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(read)?;
    let _ = std::fs::remove_file(partial);
    let mut to = Connection::open(partial).map_err(write)?;
    {
        let backup = Backup::new(&from, &mut to).map_err(write)?;
        // Every page in one step (-1): one read transaction, one moment.
        // Busy or locked means a writer held the file for a moment: retry.
        let mut tries = 0;
        loop {
            match backup.step(-1).map_err(read)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => return Err(format!("{} stayed busy; try again", source.display())),
            }
        }
    }
    let check: String = to
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(write)?;
    if check != "ok" {
        return Err(format!("the copy failed its integrity check: {check}"));
    }
    let routines: i64 = to
        .query_row("SELECT count(*) FROM routines", [], |row| row.get(0))
        .map_err(|err| format!("{} holds no saved routines table: {err}", source.display()))?;
    drop(to);
    let bytes = std::fs::metadata(partial)
        .map_err(|err| format!("could not read {}: {err}", partial.display()))?
        .len();
    Ok(Report {
        routines: u64::try_from(routines).unwrap_or(0),
        bytes,
    })
}
