-- Full-text search over everything a reader can look up: guides, exercises and
-- supports. Rebuilt from the content files at every start, so it holds no data
-- that exists only here.
CREATE VIRTUAL TABLE search_documents USING fts5(
    kind UNINDEXED,
    slug UNINDEXED,
    url UNINDEXED,
    title,
    body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
