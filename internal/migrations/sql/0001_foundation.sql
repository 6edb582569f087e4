-- Regions, departments, halls and windows.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,          -- 统计用区划代码: 2/4/6/9/12 digits
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,          -- 1 province … 5 village
    parent_code TEXT REFERENCES regions (code),
    created_at  {{timestamp}} NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE departments (
    id          {{id}},
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- government_department, public_institution, utility
    region_code TEXT NOT NULL REFERENCES regions (code),
    credit_code TEXT,
    phone       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  {{timestamp}} NOT NULL,
    UNIQUE (region_code, name)
);

CREATE TABLE halls (
    id          {{id}},
    region_code TEXT NOT NULL REFERENCES regions (code),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    hours       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  {{timestamp}} NOT NULL,
    UNIQUE (region_code, name)
);

CREATE TABLE windows (
    id            {{id}},
    hall_id       BIGINT NOT NULL REFERENCES halls (id),
    number        INTEGER NOT NULL,
    name          TEXT NOT NULL,
    comprehensive BOOLEAN NOT NULL DEFAULT TRUE,  -- 综合窗口: accepts any item of its departments
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    {{timestamp}} NOT NULL,
    UNIQUE (hall_id, number),
    UNIQUE (hall_id, name)
);

CREATE TABLE window_departments (
    window_id     BIGINT NOT NULL REFERENCES windows (id) ON DELETE CASCADE,
    department_id BIGINT NOT NULL REFERENCES departments (id),
    PRIMARY KEY (window_id, department_id)
);

-- Natural persons. ID and phone numbers are stored only encrypted, found by a
-- keyed hash (blind index), never in plain text.
CREATE TABLE persons (
    id            {{id}},
    name          TEXT NOT NULL,
    id_number_enc {{bytes}} NOT NULL,
    id_number_idx {{bytes}} NOT NULL UNIQUE,
    phone_enc     {{bytes}} NOT NULL,
    phone_idx     {{bytes}} NOT NULL UNIQUE,
    gender        TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  {{timestamp}},
    pref_mode     TEXT NOT NULL DEFAULT '',
    pref_lang     TEXT NOT NULL DEFAULT '',
    created_at    {{timestamp}} NOT NULL
);
CREATE INDEX persons_region ON persons (region_code);

CREATE TABLE organizations (
    id          {{id}},
    credit_code TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    legal_rep   TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    created_at  {{timestamp}} NOT NULL
);

-- Who may act for an organization.
CREATE TABLE org_members (
    org_id     BIGINT NOT NULL REFERENCES organizations (id),
    person_id  BIGINT NOT NULL REFERENCES persons (id),
    role       TEXT NOT NULL,               -- legal_rep, agent
    created_at {{timestamp}} NOT NULL,
    PRIMARY KEY (org_id, person_id)
);

CREATE TABLE staff (
    id            {{id}},
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    department_id BIGINT REFERENCES departments (id),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  {{timestamp}},
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    pref_mode     TEXT NOT NULL DEFAULT '',
    pref_lang     TEXT NOT NULL DEFAULT '',
    created_at    {{timestamp}} NOT NULL
);
CREATE INDEX staff_region ON staff (region_code);

CREATE TABLE staff_roles (
    staff_id BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (staff_id, role)
);

-- Server-side sessions for browsers ("web") and bearer tokens for API clients
-- ("api"). Only a hash of the token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    person_id    BIGINT REFERENCES persons (id),
    org_id       BIGINT REFERENCES organizations (id),
    staff_id     BIGINT REFERENCES staff (id),
    csrf_token   TEXT NOT NULL,
    created_at   {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL,
    expires_at   {{timestamp}} NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- The audit trail: logins, failed logins, role changes and every staff view of an
-- unmasked personal value. Written in the same transaction as what it records.
CREATE TABLE audit_log (
    id          {{id}},
    at          {{timestamp}} NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL DEFAULT '',
    target_id   TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_target ON audit_log (target_kind, target_id);

-- Install-wide settings (home region, demo flag).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
