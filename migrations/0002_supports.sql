-- The lumbar-support catalog, mirrored from content/supports.toml at every
-- start. The file is the source of truth: rows are inserted, updated or
-- deleted to match it, so this table holds nothing the file does not.
CREATE TABLE supports (
    slug TEXT PRIMARY KEY,
    -- Order in the file: the editor's "best match" order.
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor > 0),
    currency TEXT NOT NULL,
    firmness TEXT NOT NULL CHECK (firmness IN ('soft', 'medium', 'firm')),
    material TEXT NOT NULL,
    washable_cover INTEGER NOT NULL CHECK (washable_cover IN (0, 1)),
    width_cm REAL NOT NULL,
    depth_cm REAL NOT NULL,
    height_cm REAL NOT NULL,
    weight_g INTEGER NOT NULL,
    strap INTEGER NOT NULL CHECK (strap IN (0, 1)),
    height_adjustable INTEGER NOT NULL CHECK (height_adjustable IN (0, 1)),
    summary TEXT NOT NULL,
    pitch TEXT NOT NULL,
    -- One line per item, joined with newlines (items are single lines).
    suits TEXT NOT NULL,
    not_for TEXT NOT NULL,
    how_to_use TEXT NOT NULL,
    picture TEXT NOT NULL,
    alt TEXT NOT NULL,
    -- Hash of every field above: a reload rewrites only rows that changed.
    fingerprint TEXT NOT NULL
) STRICT;

CREATE INDEX supports_by_price ON supports (price_minor, position);

-- Where each support is used; rank 0 is what it is made for.
CREATE TABLE support_contexts (
    slug TEXT NOT NULL REFERENCES supports (slug) ON DELETE CASCADE,
    context TEXT NOT NULL,
    rank INTEGER NOT NULL,
    PRIMARY KEY (slug, context)
) STRICT, WITHOUT ROWID;

CREATE INDEX support_contexts_by_context ON support_contexts (context, rank);
