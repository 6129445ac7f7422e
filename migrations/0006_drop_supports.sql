-- The lumbar-support catalog is no longer mirrored here: the list page
-- filters and sorts the catalog loaded from content/supports.toml in memory,
-- which was always the source of truth. The rows held nothing the file does
-- not, so dropping them loses nothing. Contexts first: they reference
-- supports. Their indexes go with the tables.
DROP TABLE support_contexts;
DROP TABLE supports;
