-- Case SMS waiting to be sent as one (000 §6.1.4 notices; a burst of staff actions on one case is one SMS): every
-- notice of a case that should also go by SMS waits here until the minute after the first of them is over, then one
-- SMS says them all. In the database, so any instance may send a batch and none sends it twice (DELETE … RETURNING).
CREATE TABLE sms_digest (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  application_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  due_at TEXT NOT NULL
);
CREATE INDEX sms_digest_case ON sms_digest (user_id, application_id);
CREATE INDEX sms_digest_due ON sms_digest (due_at);
