-- Queries citizens typed (001 §3.1.3 事项搜索), to compute hot searches (GET /api/v1/search/hot).
-- No user is recorded. Queries with long digit runs (ID or phone numbers) are not stored.
CREATE TABLE search_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  region_code TEXT NOT NULL,
  query TEXT NOT NULL,
  result_count INTEGER NOT NULL
);
CREATE INDEX search_log_at ON search_log (at);
