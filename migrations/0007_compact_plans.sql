-- Plan snapshots stored compressed (Brotli over the JSON): a typical plan
-- is about 31 KB of JSON and under 3 KB compressed. New routines keep an
-- empty `plan_json` and fill `plan_br`; routines saved before keep their
-- JSON and are read as they are.
ALTER TABLE routines ADD COLUMN plan_br BLOB;
