-- Family accounts (亲情账户), proxies and grants (授权代理) — issue 4; 002 适老化 (授权代理、亲友代办).
-- A row is one (proxy account → member person) link. Under 16: active on the proxy's declaration plus a household
-- check. 16 and over: pending until the member's own real-named account accepts; the member then holds the grant
-- (the scopes) and may narrow or revoke it. Times are ISO-8601 UTC instants.
CREATE TABLE family_members (
  id TEXT PRIMARY KEY,
  proxy_user_id TEXT NOT NULL REFERENCES users (id),
  relationship TEXT NOT NULL,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  minor INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'declined', 'revoked')),
  requested_scopes_json TEXT NOT NULL,
  scopes_json TEXT NOT NULL DEFAULT '[]',
  added_at TEXT NOT NULL,
  decided_at TEXT,
  UNIQUE (proxy_user_id, id_number)
);
CREATE INDEX family_members_person ON family_members (id_number, status);

-- 他人为我办理: every action a proxy took for a member, kept for the member to read
CREATE TABLE proxy_log (
  id TEXT PRIMARY KEY,
  applicant_id_number TEXT NOT NULL,
  actor_user_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  label TEXT NOT NULL,
  application_id TEXT,
  at TEXT NOT NULL
);
CREATE INDEX proxy_log_person ON proxy_log (applicant_id_number, at);

-- who acted on a draft / case: the account (actor) differs from the applicant when a proxy applies
ALTER TABLE drafts ADD COLUMN member_id TEXT;
