-- Sign-in and real-name identity (001 §3.1.2): accounts, platform bindings, SMS codes and their counters,
-- sessions (refresh-token families), the token secret, and the embedded SMS adapter's outbox.
-- Times are ISO-8601 UTC instants (text, so they compare in order). Every counter lives here, none in memory,
-- so a restart or a second instance on the same database sees the same limits.

-- user = an account, keyed by its phone number; real_* are set once by the real-name step
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  phone TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  real_name TEXT,
  real_id_number TEXT,
  realname_verified_at TEXT
);
-- one 身份证号 is real-named by one account only
CREATE UNIQUE INDEX users_real_id_number ON users (real_id_number) WHERE real_id_number IS NOT NULL;

-- a mini-program account (weapp openid / alipay user id) bound to a user; one per platform per user
CREATE TABLE platform_accounts (
  platform TEXT NOT NULL CHECK (platform IN ('weapp', 'alipay')),
  platform_user_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  bound_at TEXT NOT NULL,
  PRIMARY KEY (platform, platform_user_id),
  UNIQUE (user_id, platform)
);

-- platform-login of an unbound account → a short-lived ticket that /login (phone + SMS code) consumes
CREATE TABLE bind_tickets (
  ticket_hash TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  platform_user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

-- SMS codes sent (only the latest per phone counts); the code itself is kept as an HMAC, the IP as an HMAC too
CREATE TABLE sms_codes (
  id INTEGER PRIMARY KEY,
  phone TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  ip_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  wrong_tries INTEGER NOT NULL DEFAULT 0,
  used_at TEXT
);
CREATE INDEX sms_codes_phone ON sms_codes (phone, created_at);
CREATE INDEX sms_codes_ip ON sms_codes (ip_hash, created_at);

-- failed logins per phone in the current window, and the lock they set
CREATE TABLE login_failures (
  phone TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start TEXT NOT NULL,
  locked_until TEXT
);

-- a session = a refresh-token family: every refresh rotates the token inside the family; reuse of a rotated token
-- or logout revokes the whole family (and the access tokens that carry its id)
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  last_refreshed_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- secrets made once and shared by every instance on this database (the access-token key when TOKEN_SECRET is unset)
CREATE TABLE auth_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- the embedded SMS adapter: messages "sent", readable outside production at GET /api/v1/dev/outbox
CREATE TABLE sms_outbox (
  id INTEGER PRIMARY KEY,
  phone TEXT NOT NULL,
  text TEXT NOT NULL,
  code TEXT,
  sent_at TEXT NOT NULL
);
CREATE INDEX sms_outbox_phone ON sms_outbox (phone, id);
