-- The photo pre-check of a stored photo (domain/photo-check, run on the re-encoded image): its warnings as JSON
-- [{issue, materialId?}] and its 64-bit difference hash (16 hex digits) for spotting the same photo given for two
-- materials. Null for PDFs and for photos stored before the check existed.
ALTER TABLE uploads ADD COLUMN photo_warnings_json TEXT;
ALTER TABLE uploads ADD COLUMN photo_hash TEXT;
