-- Assigning new manual cases at once (001 §5.2.3.1): the agency's rules, staff absences, the staff's notices, and
-- who a case is assigned to.

-- One rule per region and item ('*': every item of the region): the clerks who take its cases in turn, and the one
-- who got the last case (the round robin goes on after them).
CREATE TABLE assignment_rules (
  id TEXT PRIMARY KEY,
  region_code TEXT NOT NULL,
  item_id TEXT NOT NULL,
  clerk_ids_json TEXT NOT NULL,
  last_staff_id TEXT,
  updated_at TEXT NOT NULL,
  updated_by TEXT,
  UNIQUE (region_code, item_id)
);

-- A staff member away (leave, training): no case is assigned to them on these Shanghai days, both included.
CREATE TABLE staff_absences (
  staff_id TEXT PRIMARY KEY,
  from_date TEXT NOT NULL,
  until_date TEXT NOT NULL,
  set_by TEXT,
  set_at TEXT NOT NULL
);

-- The embedded staff notification channel (the outbox the workbench reads): a case assigned to a clerk, a case
-- waiting unassigned too long for the 科长. One notice per kind, person and case.
CREATE TABLE staff_notices (
  id TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  application_id TEXT,
  created_at TEXT NOT NULL,
  read_at TEXT,
  UNIQUE (staff_id, kind, application_id)
);
CREATE INDEX staff_notices_staff ON staff_notices (staff_id, created_at);

ALTER TABLE applications ADD COLUMN assignee_id TEXT;
ALTER TABLE applications ADD COLUMN assigned_at TEXT;
CREATE INDEX applications_assignee ON applications (assignee_id, status);
CREATE INDEX applications_status_submitted ON applications (status, submitted_at);
-- the workbench's change feed: events since a moment
CREATE INDEX application_events_at ON application_events (at);
