-- Retention (--keep-days): the day (UTC, 'YYYY-MM-DD') a saved routine was
-- last opened or written by its owner. A daily sweep erases routines whose
-- last visit is older than the kept days; the site moves it forward at most
-- once a day per routine. Visits before this migration were not recorded,
-- so rows start from the later of the day they were saved and the day of
-- their latest log entry (a date that does not read falls back to today,
-- so nothing is erased for want of one). The column stays nullable because
-- SQLite cannot add a NOT NULL column without a constant default; every
-- insert sets it, and a NULL (never written by the site) is never swept.
ALTER TABLE routines ADD COLUMN last_visit TEXT
    CHECK (last_visit IS NULL
           OR last_visit GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

UPDATE routines SET last_visit = coalesce(
    max(
        date(created_at),
        coalesce(
            (SELECT date(max(logged_at)) FROM session_logs WHERE routine_id = routines.id),
            date(created_at)
        )
    ),
    date('now')
);

-- The sweep reads routines oldest visit first.
CREATE INDEX routines_by_last_visit ON routines (last_visit);

-- The daily save cap (--max-saves-per-day) counts today's new routines.
CREATE INDEX routines_by_created_at ON routines (created_at);
