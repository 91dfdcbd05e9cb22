-- The e-voucher usage log and 「不是我」 (services/evoucher-usage.ts). Times are ISO-8601 UTC instants.

-- Counters' terminals of 定点医药机构 besides the one TERMINAL_KEY names: each X-Terminal-Key belongs to one terminal
-- (only the key's SHA-256 is kept), with the institution's name and what the terminal is for (registration 挂号,
-- settlement 结算, pharmacy 购药). revoked_at: the key no longer decodes.
CREATE TABLE evoucher_terminals (
  terminal_id TEXT PRIMARY KEY,
  key_sha256 TEXT NOT NULL UNIQUE,
  institution_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- The proxy's real name when a proxy fetched the code, so the log says who did.
ALTER TABLE evoucher_proxy_codes ADD COLUMN proxy_name TEXT;

-- Every successful decode of a person's code: when, at which terminal (its institution and kind kept as they were
-- then), and the proxy who fetched the code (null: the person's own account). reported_at / complaint_id /
-- complaint_no: 「不是我」 on this entry (set once: the report is filed once).
CREATE TABLE evoucher_decodes (
  id TEXT PRIMARY KEY,
  id_number TEXT NOT NULL,
  decoded_at TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  institution_name TEXT NOT NULL,
  terminal_kind TEXT NOT NULL,
  proxy_user_id TEXT,
  proxy_name TEXT,
  reported_at TEXT,
  reported_by_user_id TEXT,
  complaint_id TEXT,
  complaint_no TEXT
);
CREATE INDEX evoucher_decodes_person ON evoucher_decodes (id_number, decoded_at);

-- 「不是我」 stops new codes for the person until frozen_until.
CREATE TABLE evoucher_freezes (
  id_number TEXT PRIMARY KEY,
  frozen_until TEXT NOT NULL,
  decode_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
