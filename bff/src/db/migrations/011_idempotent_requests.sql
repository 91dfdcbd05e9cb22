-- The first answer to every request sent with an Idempotency-Key (plugins/idempotency.ts): a repeat of the key by the
-- same account on the same route gets it again, on any instance. While the first request runs, its row is 'running'
-- and names the instance running it (owner) and until when that instance vouches for it (lease_until, epoch ms,
-- renewed while it runs): another instance waits for it, or takes it over once the lease ran out (its owner died).
CREATE TABLE idempotent_requests (
  account TEXT NOT NULL,
  -- method and route pattern, e.g. POST /api/v1/drafts/:id/submit
  route TEXT NOT NULL,
  key TEXT NOT NULL,
  -- SHA-256 of the request's parameters and body: the same key with another body is refused
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done')),
  -- while running: the instance (host:port) and its process
  owner_address TEXT,
  owner_boot TEXT,
  lease_until INTEGER,
  -- when done: the answer as it was sent
  status INTEGER,
  content_type TEXT,
  body TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (account, route, key)
);
CREATE INDEX idempotent_requests_created ON idempotent_requests (created_at);
CREATE INDEX idempotent_requests_owner ON idempotent_requests (owner_boot) WHERE state = 'running';
