-- The service-item catalog: basic entries, items with drafts, immutable
-- published versions, the lifecycle trail and the change feed.
CREATE TABLE catalog_entries (
    id              {{id}},
    code            TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    item_type       TEXT NOT NULL,
    legal_basis     TEXT NOT NULL DEFAULT '[]',   -- JSON list
    use_level       INTEGER NOT NULL DEFAULT 4,
    issued_region   TEXT NOT NULL REFERENCES regions (code),
    department_line TEXT NOT NULL DEFAULT '',
    cancelled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX catalog_entries_region ON catalog_entries (issued_region);

CREATE TABLE items (
    id                {{id}},
    slug              TEXT NOT NULL UNIQUE,
    entry_id          BIGINT REFERENCES catalog_entries (id),
    region_code       TEXT NOT NULL REFERENCES regions (code),
    department_id     BIGINT NOT NULL REFERENCES departments (id),
    name              TEXT NOT NULL,              -- the draft's name, for lists
    draft             TEXT NOT NULL,              -- JSON elements
    draft_status      TEXT NOT NULL DEFAULT '',
    review_comment    TEXT NOT NULL DEFAULT '',
    published_version INTEGER NOT NULL DEFAULT 0,
    state             TEXT NOT NULL,
    state_reason      TEXT NOT NULL DEFAULT '',
    state_from        {{timestamp}},
    state_until       {{timestamp}},
    updated_at        {{timestamp}} NOT NULL,
    created_at        {{timestamp}} NOT NULL
);
CREATE INDEX items_region ON items (region_code, department_id);
CREATE INDEX items_entry ON items (entry_id);

-- Published versions never change: a case refers to the version it was made under.
CREATE TABLE item_versions (
    seq          {{id}},
    item_id      BIGINT NOT NULL REFERENCES items (id),
    version      INTEGER NOT NULL,
    doc          TEXT NOT NULL,                   -- JSON elements
    published_at {{timestamp}} NOT NULL,
    published_by TEXT NOT NULL,
    UNIQUE (item_id, version)
);

CREATE TABLE item_reviews (
    id      {{id}},
    item_id BIGINT NOT NULL REFERENCES items (id),
    action  TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    actor   TEXT NOT NULL DEFAULT '',
    at      {{timestamp}} NOT NULL
);
CREATE INDEX item_reviews_item ON item_reviews (item_id);

-- The change feed: every change to an item's public face, written in the same
-- transaction; each node's search index follows it.
CREATE TABLE catalog_changes (
    seq     {{id}},
    item_id BIGINT NOT NULL REFERENCES items (id),
    at      {{timestamp}} NOT NULL
);

-- Install-specific code table entries, overlaid on the built-in defaults.
CREATE TABLE code_tables (
    table_name TEXT NOT NULL,
    code       TEXT NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (table_name, code)
);

CREATE TABLE quality_rule_settings (
    region_code TEXT NOT NULL REFERENCES regions (code),
    rule        TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    blocking    BOOLEAN NOT NULL,
    PRIMARY KEY (region_code, rule)
);

-- License types (电子证照类型): what a material can be replaced by and what a
-- result issues.
CREATE TABLE license_types (
    slug            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    holder_type     TEXT NOT NULL,
    issuing_dept    TEXT NOT NULL DEFAULT '',
    issuing_level   INTEGER NOT NULL,
    validity        TEXT NOT NULL DEFAULT '',
    key_fields      TEXT NOT NULL DEFAULT '[]',  -- JSON list
    note            TEXT NOT NULL DEFAULT '',
    created_at      {{timestamp}} NOT NULL
);

-- 一件事 bundles with their scenario questions.
CREATE TABLE bundles (
    slug        TEXT PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    doc         TEXT NOT NULL,                  -- JSON: description, items, questions, merged materials
    created_at  {{timestamp}} NOT NULL
);

-- Search: synonyms and colloquial phrases maintained by administrators, and the
-- queries that found nothing good.
CREATE TABLE search_synonyms (
    id          {{id}},
    region_code TEXT NOT NULL,
    phrase      TEXT NOT NULL,
    target      TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    UNIQUE (region_code, phrase, target)
);

CREATE TABLE search_misses (
    id          {{id}},
    query       TEXT NOT NULL,
    results     INTEGER NOT NULL,
    top_score   DOUBLE PRECISION NOT NULL DEFAULT 0,
    region_code TEXT NOT NULL DEFAULT '',
    at          {{timestamp}} NOT NULL
);
CREATE INDEX search_misses_at ON search_misses (at);
