-- The embedded catalog (adapters/catalog/embedded.ts): seeded from the repository's catalog/ files.
-- Item definitions and region configurations are stored as validated JSON documents (the contract's
-- ItemDefinition / RegionConfig) with the columns the adapter filters on.

CREATE TABLE catalog_regions (
  code TEXT PRIMARY KEY CHECK (length(code) = 6),
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code TEXT REFERENCES catalog_regions (code) ON DELETE CASCADE,
  position INTEGER NOT NULL
);
CREATE INDEX catalog_regions_parent ON catalog_regions (parent_code, position);

CREATE TABLE catalog_region_configs (
  code TEXT PRIMARY KEY REFERENCES catalog_regions (code) ON DELETE CASCADE,
  config TEXT NOT NULL CHECK (json_valid(config))
);

CREATE TABLE catalog_items (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  department_kind TEXT NOT NULL,
  definition TEXT NOT NULL CHECK (json_valid(definition))
);

-- synonyms.json: one row per rule, and the maintained hot searches
CREATE TABLE catalog_synonyms (
  position INTEGER PRIMARY KEY,
  from_terms TEXT NOT NULL CHECK (json_valid(from_terms)),
  to_term TEXT NOT NULL
);
CREATE TABLE catalog_hot (
  position INTEGER PRIMARY KEY,
  query TEXT NOT NULL
);

-- when and from what the catalog was seeded (a hash of the source files)
CREATE TABLE catalog_seed (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  source_hash TEXT NOT NULL,
  seeded_at TEXT NOT NULL,
  item_count INTEGER NOT NULL
);
