-- The channel a complaint came in by (003 §11.3.2: 现场投诉、电话投诉、网上投诉、信函投诉). Every complaint filed so far
-- came through the app: 网上. Complaints received at the window, by phone or by letter are entered by staff for a
-- person who may have no account here (user_id ''), with the phone or address the answer goes back to.
ALTER TABLE complaints ADD COLUMN channel TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('onsite', 'phone', 'online', 'letter'));
ALTER TABLE complaints ADD COLUMN contact_phone TEXT;
ALTER TABLE complaints ADD COLUMN contact_address TEXT;
-- the staff account that entered it (NULL: filed by the citizen in the app)
ALTER TABLE complaints ADD COLUMN intake_by TEXT;
