-- Retention (--keep-days): the day (UTC, 'YYYY-MM-DD') a saved routine was
-- last opened or written by its owner. A daily sweep erases routines whose
-- last visit is older than the kept days; the site moves it forward at most
-- once a day per routine. Visits before this migration were not recorded
-- (a routine saved long ago may have been opened yesterday), so every
-- routine saved before it counts as visited on the day of the upgrade and
-- gets the full kept time from then. The column stays nullable because
-- SQLite cannot add a NOT NULL column without a constant default; every
-- insert sets it, and a NULL (never written by the site) is never swept.
ALTER TABLE routines ADD COLUMN last_visit TEXT
    CHECK (last_visit IS NULL
           OR last_visit GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

UPDATE routines SET last_visit = date('now');

-- The sweep reads routines oldest visit first.
CREATE INDEX routines_by_last_visit ON routines (last_visit);

-- The daily save cap (--max-saves-per-day): routines saved per UTC day,
-- counted as each is saved (erasing one later does not give its place
-- back). One small row a day instead of an index entry per routine; the
-- site keeps only the current day's row. Filled with today's saves so far.
CREATE TABLE daily_saves (
    day TEXT PRIMARY KEY
        CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    saved INTEGER NOT NULL CHECK (saved >= 0)
) STRICT, WITHOUT ROWID;

INSERT INTO daily_saves (day, saved)
SELECT date('now'), count(*) FROM routines WHERE date(created_at) = date('now')
HAVING count(*) > 0;
