-- Saved routines and their progress logs in PostgreSQL (--db postgres://…):
-- the same data as SQLite's migrations 0003 to 0008 leave behind, as one
-- schema, since no PostgreSQL database predates them. Only the SHA-256 of
-- a link's token is stored. Applied by db::postgres::migrate under an
-- advisory lock, in one transaction with its entry in schema_migrations.
CREATE TABLE routines (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    -- The answers, as the /routine/plan query string.
    answers TEXT NOT NULL,
    -- Snapshot of the plan when saved: Brotli over its JSON.
    plan_br BYTEA NOT NULL,
    start_date DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- The day (UTC) its owner last opened or wrote it (--keep-days).
    last_visit DATE NOT NULL
);

-- The retention sweep reads routines oldest visit first.
CREATE INDEX routines_by_last_visit ON routines (last_visit);

-- One row per planned session logged; logging the same session again
-- replaces the row. `session` holds the weekday (1 = Monday), as in SQLite.
CREATE TABLE session_logs (
    routine_id BIGINT NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
    week SMALLINT NOT NULL CHECK (week BETWEEN 1 AND 12),
    session SMALLINT NOT NULL CHECK (session BETWEEN 1 AND 7),
    done BOOLEAN NOT NULL,
    pain SMALLINT CHECK (pain BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    logged_at TIMESTAMP NOT NULL,
    pain_during SMALLINT CHECK (pain_during BETWEEN 0 AND 10),
    effort TEXT CHECK (effort IN ('too_easy', 'about_right', 'too_hard')),
    morning TEXT CHECK (morning IN ('better', 'same', 'worse')),
    PRIMARY KEY (routine_id, week, session)
);

-- The daily save cap (--max-saves-per-day): routines saved per UTC day,
-- bumped as each is saved; the site keeps only the current day's row.
CREATE TABLE daily_saves (
    day DATE PRIMARY KEY,
    saved BIGINT NOT NULL CHECK (saved >= 0)
);
