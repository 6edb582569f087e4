-- Electronic licenses (电子证照), the departments' electronic seals and the
-- transparency log of every issuance, status change and use.

-- License types gain their national type code (empty when none is known) and
-- the field mapping an administrator keeps (JSON list of {field, source}).
ALTER TABLE license_types ADD COLUMN type_code TEXT NOT NULL DEFAULT '';
ALTER TABLE license_types ADD COLUMN mapping TEXT NOT NULL DEFAULT '[]';
ALTER TABLE license_types ADD COLUMN updated_at {{timestamp}};

-- The platform's own signing keys: "jws" (Ed25519, the license JWS) and "log"
-- (Ed25519 note key of the checkpoints). The private half is sealed with the
-- personal-data key; generated on first need.
CREATE TABLE license_keys (
    name        TEXT PRIMARY KEY,
    public_key  TEXT NOT NULL,
    private_enc {{bytes}} NOT NULL,
    created_at  {{timestamp}} NOT NULL
);

-- A department's electronic seals (电子印章): SM2 key pairs, the private key
-- sealed. A department may hold several over time; the newest valid one signs.
CREATE TABLE seals (
    id              {{id}},
    department_id   BIGINT NOT NULL REFERENCES departments (id),
    department_name TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    name            TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    public_key      {{bytes}} NOT NULL,
    private_enc     {{bytes}} NOT NULL,
    valid_from      {{timestamp}} NOT NULL,
    valid_until     {{timestamp}} NOT NULL,
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX seals_department ON seals (department_id, valid_from);

-- Every version of every license. first_id groups the versions of one license
-- (the id of version 1). The holder's code, the printed fields, the payload and
-- the JWS (which carries the payload) hold ID numbers, so they are sealed;
-- holder_code_idx is the code's blind index for departmental queries by holder.
CREATE TABLE licenses (
    id               {{id}},
    identifier       TEXT NOT NULL UNIQUE,
    first_id         BIGINT NOT NULL DEFAULT 0,
    serial           TEXT NOT NULL,
    type_slug        TEXT NOT NULL REFERENCES license_types (slug),
    type_name        TEXT NOT NULL,
    type_code        TEXT NOT NULL,
    number           TEXT NOT NULL,
    version          INTEGER NOT NULL,
    holder_name      TEXT NOT NULL,
    holder_code_type TEXT NOT NULL,
    holder_code_enc  {{bytes}} NOT NULL,
    holder_code_idx  {{bytes}} NOT NULL,
    holder_person_id BIGINT NOT NULL DEFAULT 0,
    holder_org_id    BIGINT NOT NULL DEFAULT 0,
    fields           TEXT NOT NULL,
    issuer_dept_id   BIGINT NOT NULL REFERENCES departments (id),
    issuer_name      TEXT NOT NULL,
    issuer_code      TEXT NOT NULL,
    region_code      TEXT NOT NULL,
    seal_id          BIGINT NOT NULL REFERENCES seals (id),
    case_id          BIGINT NOT NULL DEFAULT 0,
    case_number      TEXT NOT NULL DEFAULT '',
    issued_at        {{timestamp}} NOT NULL,
    valid_from       {{timestamp}} NOT NULL,
    valid_until      {{timestamp}},
    status           TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'revoked', 'cancelled', 'superseded')),
    status_reason    TEXT NOT NULL DEFAULT '',
    status_at        {{timestamp}} NOT NULL,
    previous_id      BIGINT NOT NULL DEFAULT 0,
    log_index        BIGINT NOT NULL,
    payload          TEXT NOT NULL,
    sm2_signature    {{bytes}} NOT NULL,
    jws              TEXT NOT NULL
);
CREATE INDEX licenses_person ON licenses (holder_person_id, holder_org_id, type_slug);
CREATE INDEX licenses_org ON licenses (holder_org_id, type_slug);
CREATE INDEX licenses_holder_code ON licenses (holder_code_idx);
CREATE INDEX licenses_scope ON licenses (region_code, issuer_dept_id, id);
CREATE INDEX licenses_versions ON licenses (first_id);
CREATE INDEX licenses_case ON licenses (case_id);

-- Every use of a license (用证记录): who, for which purpose, under which case.
CREATE TABLE license_uses (
    id              {{id}},
    license_id      BIGINT NOT NULL REFERENCES licenses (id),
    first_id        BIGINT NOT NULL,
    actor_kind      TEXT NOT NULL,
    actor_id        BIGINT NOT NULL,
    actor_name      TEXT NOT NULL,
    department_id   BIGINT NOT NULL DEFAULT 0,
    department_name TEXT NOT NULL DEFAULT '',
    region_code     TEXT NOT NULL DEFAULT '',
    purpose         TEXT NOT NULL,
    case_id         BIGINT NOT NULL DEFAULT 0,
    via             TEXT NOT NULL,
    at              {{timestamp}} NOT NULL,
    log_index       BIGINT NOT NULL
);
CREATE INDEX license_uses_license ON license_uses (first_id, id);

-- Every signature a seal made.
CREATE TABLE seal_uses (
    id         {{id}},
    seal_id    BIGINT NOT NULL REFERENCES seals (id),
    license_id BIGINT NOT NULL REFERENCES licenses (id),
    identifier TEXT NOT NULL,
    action     TEXT NOT NULL,
    actor_name TEXT NOT NULL DEFAULT '',
    at         {{timestamp}} NOT NULL
);
CREATE INDEX seal_uses_seal ON seal_uses (seal_id, id);

-- The transparency log: an append-only RFC 6962 Merkle tree. The head row is
-- the tree size and root; every append updates it first, so concurrent
-- appenders queue on its row lock (PostgreSQL) or the single writer (SQLite).
-- Leaves keep their entry; nodes keep the hash of every complete subtree
-- (level 0 = leaf hashes), about two rows per leaf, enough to build any
-- inclusion or consistency proof and the root from O(log n) rows.
CREATE TABLE license_log_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    size       BIGINT NOT NULL,
    root_hash  {{bytes}},
    updated_at {{timestamp}}
);
INSERT INTO license_log_head (id, size) VALUES (1, 0);

CREATE TABLE license_log_leaves (
    idx        BIGINT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('issue', 'status', 'use')),
    license_id BIGINT NOT NULL,
    entry      TEXT NOT NULL,
    at         {{timestamp}} NOT NULL
);

CREATE TABLE license_log_nodes (
    level INTEGER NOT NULL,
    idx   BIGINT NOT NULL,
    hash  {{bytes}} NOT NULL,
    PRIMARY KEY (level, idx)
);
