-- 001 §5.2.3.3: the paper originals of a case arrive one by one; each arrival is kept (material id → when, JSON) so
-- the window sees which are still awaited.
ALTER TABLE applications ADD COLUMN paper_json TEXT;
