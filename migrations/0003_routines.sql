-- Saved routines (reached by private link) and their progress logs.
-- Only the SHA-256 of a link's token is stored.
CREATE TABLE routines (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    -- The answers, as the /routine/plan query string.
    answers TEXT NOT NULL,
    -- Snapshot of the plan when saved (JSON), so later catalog edits do not
    -- change it.
    plan_json TEXT NOT NULL,
    start_date TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- One row per planned session logged; logging the same session again
-- replaces the row.
CREATE TABLE session_logs (
    routine_id INTEGER NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
    week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 4),
    session INTEGER NOT NULL CHECK (session BETWEEN 1 AND 7),
    done INTEGER NOT NULL CHECK (done IN (0, 1)),
    pain INTEGER CHECK (pain BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    logged_at TEXT NOT NULL,
    PRIMARY KEY (routine_id, week, session)
) STRICT, WITHOUT ROWID;
