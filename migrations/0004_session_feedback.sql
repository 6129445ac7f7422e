-- How a logged session went, beyond done / pain after / note: the three
-- optional answers the pain-monitoring rules read. Rows logged before this
-- migration keep NULL in each (not asked then), which the rules read as
-- "not given". The CHECKs hold the same values the log form accepts.
ALTER TABLE session_logs ADD COLUMN pain_during INTEGER
    CHECK (pain_during BETWEEN 0 AND 10);
ALTER TABLE session_logs ADD COLUMN effort TEXT
    CHECK (effort IN ('too_easy', 'about_right', 'too_hard'));
ALTER TABLE session_logs ADD COLUMN morning TEXT
    CHECK (morning IN ('better', 'same', 'worse'));
