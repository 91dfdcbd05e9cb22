-- Periodic work (the 好差评 sweep, clean-ups) runs once per period across every BFF instance on this database
-- (issue 7): each instance tries to insert (job, slot) when its timer fires; the one whose insert wins runs the job.
CREATE TABLE scheduled_runs (
  job TEXT NOT NULL,
  -- the period's number: floor(epoch ms / period ms)
  slot INTEGER NOT NULL,
  instance_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  -- 'ok' or the error's message
  outcome TEXT,
  PRIMARY KEY (job, slot)
);
