-- The guide is a contract (domain/guide-contract.ts): every item's guide as it was published, version by version. The
-- embedded catalog adapter records a new version, dated, whenever a release of the catalog changes an item's guide
-- content (adapters/catalog/embedded.ts recordGuideVersions); an agency changes a guide the way it publishes one —
-- through its item library (001 §4.1.1 事项梳理) — never by editing a served guide in place.
CREATE TABLE catalog_guide_versions (
  item_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  -- sha256 of the guide content (the definition without its search keywords): what decides that it changed
  sha256 TEXT NOT NULL,
  published_at TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  PRIMARY KEY (item_id, version)
);

-- the version of its item's guide a case was filed under: its 补正 and rejections are checked against that version,
-- and the citizen can read the guide as it was. NULL: filed before versions were kept (read as version 1, the
-- catalog at the upgrade, the closest known).
ALTER TABLE applications ADD COLUMN guide_version INTEGER;
