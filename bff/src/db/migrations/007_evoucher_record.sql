-- E-voucher codes and 参保证明 (issue 4). Times are ISO-8601 UTC instants.

-- Codes issued by the embedded e-voucher adapter (adapters/evoucher/embedded.ts): a code carries no personal data,
-- this row says whose it is. Single-use: used_at is set by the one decode that succeeds. Rows expired over a day
-- ago are deleted when new codes are issued.
CREATE TABLE evoucher_codes (
  code TEXT PRIMARY KEY,
  id_number TEXT NOT NULL,
  region_code TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX evoucher_codes_expiry ON evoucher_codes (expires_at);

-- 参保证明 issued as PDFs (services/record.ts): verifiable by GET/POST /api/v1/results/verify/:code like result
-- documents (result_documents belongs to a case; a certificate belongs to a person). actor_user_id: the account
-- that downloaded it (the person, or a proxy under a `record` grant).
CREATE TABLE certificates (
  verify_code TEXT PRIMARY KEY,
  certificate_no TEXT NOT NULL UNIQUE,
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  actor_user_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  issued_at TEXT NOT NULL
);
CREATE INDEX certificates_person ON certificates (id_number, issued_at);
