-- Security hardening: e-voucher codes fetched by proxies, throttles, staff accounts and their audit trail.

-- An e-voucher code a proxy fetched for a family member decodes only while the proxy still holds the member's
-- `evoucher` grant (a revoke stops codes already on the proxy's screen at once). Rows go when the code has expired.
CREATE TABLE evoucher_proxy_codes (
  code TEXT PRIMARY KEY,
  proxy_user_id TEXT NOT NULL,
  id_number TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX evoucher_proxy_codes_expires ON evoucher_proxy_codes (expires_at);

-- Attempt counters of every throttle keyed by more than one thing: sign-in failures per phone and network, 实名认证
-- failures per account and per network, staff sign-in failures, SMS one citizen's actions send to others.
CREATE TABLE throttles (
  key TEXT PRIMARY KEY,
  n INTEGER NOT NULL,
  window_start TEXT NOT NULL,
  locked_until TEXT
);
CREATE INDEX throttles_window ON throttles (window_start);

-- Sign-in failures are counted per phone and network in `throttles` now: a stranger's wrong codes lock only
-- the stranger's network out, never the citizen.
DROP TABLE login_failures;

-- Window staff and agency officers: one account per person (name, role, region), argon2id password + TOTP.
CREATE TABLE staff_accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  region_code TEXT NOT NULL,
  password_hash TEXT,
  totp_secret TEXT,
  -- the last TOTP time step accepted: a code is good once (RFC 6238 §5.2)
  totp_last_step INTEGER,
  enroll_code_hash TEXT,
  enroll_expires_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT,
  enrolled_at TEXT,
  disabled_at TEXT
);

-- Staff bearer tokens: stored as SHA-256, expire absolutely and after idle time, revoked on sign-out.
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- Every staff request: who, what, on which record, and the answer.
CREATE TABLE staff_audit (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  staff_id TEXT,
  staff_name TEXT NOT NULL,
  role TEXT,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  target_id TEXT,
  status INTEGER NOT NULL,
  ip_hash TEXT
);
CREATE INDEX staff_audit_at ON staff_audit (at);
CREATE INDEX staff_audit_staff ON staff_audit (staff_id, at);
