-- A saved routine goes on past week 4, up to week 12: a logged session's
-- week may be 1 to 12. SQLite cannot change a CHECK in place, so the table
-- is rebuilt with every column as 0003 and 0004 left it, each row copied
-- as it is. Nothing refers to session_logs, and it has no index beyond its
-- primary key, so dropping and renaming it leaves nothing behind.
CREATE TABLE session_logs_new (
    routine_id INTEGER NOT NULL REFERENCES routines (id) ON DELETE CASCADE,
    week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 12),
    session INTEGER NOT NULL CHECK (session BETWEEN 1 AND 7),
    done INTEGER NOT NULL CHECK (done IN (0, 1)),
    pain INTEGER CHECK (pain BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    logged_at TEXT NOT NULL,
    pain_during INTEGER CHECK (pain_during BETWEEN 0 AND 10),
    effort TEXT CHECK (effort IN ('too_easy', 'about_right', 'too_hard')),
    morning TEXT CHECK (morning IN ('better', 'same', 'worse')),
    PRIMARY KEY (routine_id, week, session)
) STRICT, WITHOUT ROWID;

INSERT INTO session_logs_new
    (routine_id, week, session, done, pain, note, logged_at, pain_during, effort, morning)
SELECT routine_id, week, session, done, pain, note, logged_at, pain_during, effort, morning
FROM session_logs;

DROP TABLE session_logs;
ALTER TABLE session_logs_new RENAME TO session_logs;
