-- 000 §6.1.5 归档: a case that ended (domain/archive.ts caseEnded) is archived once — the item and the digest of the
-- guide it was handled under, the materials with their digests, the outcome. The primary key makes it once.
CREATE TABLE case_archive (
  application_id TEXT PRIMARY KEY REFERENCES applications (id),
  archived_at TEXT NOT NULL,
  item_id TEXT NOT NULL,
  item_name TEXT NOT NULL,
  guide_sha256 TEXT NOT NULL,
  materials_json TEXT NOT NULL,
  outcome TEXT NOT NULL,
  decided_at TEXT
);

-- 000 §6.1.2.1.2 超时未反对默认办理: the last day to object (YYYY-MM-DD, Shanghai) where the guide promises
-- 视同同意办理, the form values the source department supplied (免提交, 图4), and the case made from them.
ALTER TABLE reminders ADD COLUMN objection_deadline TEXT;
ALTER TABLE reminders ADD COLUMN source_json TEXT;
ALTER TABLE reminders ADD COLUMN application_id TEXT;
CREATE INDEX reminders_objection ON reminders (status, objection_deadline);
