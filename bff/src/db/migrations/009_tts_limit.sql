-- Read-aloud syntheses per client IP (语音版, issue 6), counted in the database so that the limit holds across every
-- BFF instance (issue 7). The IP is kept only as a SHA-256; rows older than the window are deleted as new ones come.
CREATE TABLE tts_syntheses (
  id INTEGER PRIMARY KEY,
  ip_hash TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX tts_syntheses_ip ON tts_syntheses (ip_hash, at);
CREATE INDEX tts_syntheses_at ON tts_syntheses (at);
