-- 好差评 (ratings of a case), the bad-rating loop (000 §8.2.1), complaints (003 §11.3). Issue 5.
-- Times are ISO-8601 UTC instants; *_date columns are YYYY-MM-DD in Asia/Shanghai. The service metrics (001 §6.2) are
-- computed from these rows and the applications on every call: there are no counters to keep in step.

-- one rating per case (一事一评): the UNIQUE application_id is what refuses a second one, even from two instances
CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
  -- who rated: the account (the case's owner or a granted proxy); NULL for a default rating
  actor_user_id TEXT,
  actor_name TEXT NOT NULL,
  -- the insured person the case is for (copied from the case: the record stands on its own)
  applicant_id_number TEXT NOT NULL,
  applicant_name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied')),
  reasons_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reasons_json)),
  text TEXT,
  defaulted INTEGER NOT NULL DEFAULT 0,
  rated_at TEXT NOT NULL,
  -- the one photo (stored like material uploads, by content hash)
  photo_mime TEXT,
  photo_size INTEGER,
  photo_width INTEGER,
  photo_height INTEGER,
  photo_sha256 TEXT,
  photo_storage_key TEXT,
  photo_uploaded_at TEXT,
  -- 追评 (once)
  comment_text TEXT,
  comment_at TEXT,
  comment_user_id TEXT,
  -- the loop of a 差评 (NULL for other levels)
  loop_state TEXT,
  -- the state an appeal interrupted (restored when the appeal is rejected)
  loop_state_before_appeal TEXT,
  -- the last working day for 整改/解释 of the current round, and of the first round (the metric)
  due_date TEXT,
  first_due_date TEXT,
  substantiated INTEGER,
  feedback_kind TEXT CHECK (feedback_kind IN ('rectified', 'explained')),
  feedback_note TEXT,
  feedback_at TEXT,
  feedback_by TEXT,
  first_feedback_at TEXT,
  dispute_text TEXT,
  disputed_at TEXT,
  accepted_at TEXT,
  appeal_reason TEXT,
  appeal_by TEXT,
  appeal_at TEXT,
  appeal_decision TEXT CHECK (appeal_decision IN ('pending', 'upheld', 'rejected')),
  appeal_decided_by TEXT,
  appeal_decided_at TEXT,
  appeal_note TEXT,
  -- 1 when an upheld appeal takes the rating out of the satisfaction rate
  excluded INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX evaluations_loop ON evaluations (loop_state, due_date);
CREATE INDEX evaluations_rated ON evaluations (rated_at);
CREATE INDEX evaluations_actor ON evaluations (actor_user_id, rated_at);

-- every step of a rating and its loop, with time, actor and note
CREATE TABLE evaluation_events (
  id TEXT PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
  actor_name TEXT NOT NULL,
  -- the account, when a citizen acted
  actor_user_id TEXT,
  action TEXT NOT NULL,
  label TEXT NOT NULL,
  note TEXT,
  -- citizen-visible (0: internal to the agency, e.g. appeals and findings)
  public INTEGER NOT NULL DEFAULT 1,
  UNIQUE (evaluation_id, seq)
);

-- the one reminder of an unrated final case (INSERT … ON CONFLICT DO NOTHING: twice is impossible)
CREATE TABLE evaluation_reminders (
  application_id TEXT PRIMARY KEY REFERENCES applications (id),
  reminded_at TEXT NOT NULL
);

-- 投诉 (003 §11.3): about a case, a person or anything else
CREATE TABLE complaints (
  id TEXT PRIMARY KEY,
  complaint_no TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL,
  complainant_name TEXT NOT NULL,
  complainant_id_number TEXT NOT NULL,
  subject TEXT NOT NULL CHECK (subject IN ('application', 'staff', 'other')),
  application_id TEXT REFERENCES applications (id),
  staff_name TEXT,
  region_code TEXT NOT NULL,
  region_name TEXT NOT NULL,
  -- the item of the case complained about (NULL when not about a case)
  item_id TEXT,
  category TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'handling', 'answered', 'closed')),
  due_date TEXT NOT NULL,
  answer_text TEXT,
  answered_at TEXT,
  answered_by TEXT,
  rating_satisfied INTEGER,
  rating_text TEXT,
  rated_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX complaints_user ON complaints (user_id, created_at);
CREATE INDEX complaints_status ON complaints (status, due_date);

CREATE TABLE complaint_events (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  label TEXT NOT NULL,
  note TEXT,
  UNIQUE (complaint_id, seq)
);

-- complaint numbers: one counter per region and Shanghai date
CREATE TABLE complaint_counters (
  region_code TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (region_code, day)
);
