-- Drafts, uploads, cases (办件) and their events, idempotency keys, result documents, notifications, reminders.
-- 001 §5.1–5.3, 000 §6.1. Times are ISO-8601 UTC instants; *_date columns are YYYY-MM-DD in Asia/Shanghai.

CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  item_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  values_json TEXT NOT NULL DEFAULT '{}',
  step TEXT NOT NULL DEFAULT 'notice',
  version INTEGER NOT NULL DEFAULT 1,
  reminder_id TEXT,
  application_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX drafts_user ON drafts (user_id, updated_at);

-- a file given for a material: of a draft, or of a case (补正 rounds)
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('draft', 'application')),
  owner_id TEXT NOT NULL,
  material_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX uploads_owner ON uploads (owner_kind, owner_id, uploaded_at);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  case_no TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  item_id TEXT NOT NULL,
  item_name TEXT NOT NULL,
  handling_mode TEXT NOT NULL,
  region_code TEXT NOT NULL,
  region_name TEXT NOT NULL,
  agency_name TEXT NOT NULL,
  values_json TEXT NOT NULL,
  shared_verified_json TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  needs_paper INTEGER NOT NULL DEFAULT 0,
  paper_received INTEGER NOT NULL DEFAULT 0,
  supplement_return_to TEXT,
  supplement_json TEXT,
  delivered INTEGER NOT NULL DEFAULT 0,
  delivery_json TEXT,
  materials_returned_at TEXT,
  result_json TEXT,
  time_limit_days INTEGER,
  clock_start_date TEXT,
  paused_working_days INTEGER NOT NULL DEFAULT 0,
  paused_since_date TEXT,
  staff_name TEXT,
  draft_id TEXT NOT NULL UNIQUE,
  submitted_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX applications_user ON applications (user_id, updated_at);
CREATE INDEX applications_status ON applications (status, updated_at);

CREATE TABLE application_events (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES applications (id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  label TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT,
  UNIQUE (application_id, seq)
);

-- the same key from the same account never makes a second case (submit) or a second resubmission
CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  scope TEXT NOT NULL,
  target_id TEXT NOT NULL,
  application_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);

-- case numbers: one counter per region and Shanghai date
CREATE TABLE case_counters (
  region_code TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (region_code, day)
);

CREATE TABLE result_documents (
  verify_code TEXT PRIMARY KEY,
  application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  decision TEXT NOT NULL,
  issued_at TEXT NOT NULL
);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  application_id TEXT,
  reminder_id TEXT,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

-- 提醒办 (000 §6.1.2.1.2): proposed to the person holding owner_id_number, for the person for_id_number
CREATE TABLE reminders (
  id TEXT PRIMARY KEY,
  owner_id_number TEXT NOT NULL,
  for_id_number TEXT NOT NULL,
  for_name TEXT NOT NULL,
  item_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  decline_reason TEXT,
  draft_id TEXT,
  created_at TEXT NOT NULL,
  decided_at TEXT,
  UNIQUE (owner_id_number, for_id_number, item_id)
);

-- 查询服务 (001 §5.2.1): no case is kept, only who asked what and when
CREATE TABLE query_audit (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  item_id TEXT NOT NULL,
  at TEXT NOT NULL
);
