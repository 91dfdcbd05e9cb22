-- The official holiday arrangements an agency loaded for years the installed calendar does not cover (the State
-- Council's notice as a data file: contract/calendar.ts). One row per year; a new import of a year replaces it.
CREATE TABLE holiday_calendars (
  year INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  file_json TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
);
