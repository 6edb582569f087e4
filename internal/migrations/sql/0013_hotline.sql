-- The 12345 hotline: tickets (工单) with their closed loop, the classification
-- tree, time limits per category and region, dispatch rules (CEL expressions
-- over a ticket → a department), the operators' knowledge base, and the API
-- keys of Open311 GeoReport v2 clients.

-- The classification tree (分类) of a region, maintained by its
-- administrators. A child's code starts with its parent's code.
CREATE TABLE hotline_classes (
    id          {{id}},
    region_code TEXT NOT NULL,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    parent_code TEXT NOT NULL DEFAULT '',
    keywords    TEXT NOT NULL DEFAULT '',
    sort        INTEGER NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (region_code, code)
);

-- Time limits in working days per category, for a region subtree; the
-- nearest region's row wins, built-in defaults apply without one.
CREATE TABLE hotline_limits (
    region_code TEXT NOT NULL,
    category    TEXT NOT NULL,
    sign_days   INTEGER NOT NULL,
    handle_days INTEGER NOT NULL,
    PRIMARY KEY (region_code, category)
);

-- Dispatch rules (派单规则): the first active rule, by priority, whose
-- expression holds for a ticket names the department it goes to.
CREATE TABLE hotline_rules (
    id            {{id}},
    region_code   TEXT NOT NULL,
    name          TEXT NOT NULL,
    expression    TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments (id),
    priority      INTEGER NOT NULL DEFAULT 100,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at    {{timestamp}} NOT NULL,
    updated_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hotline_rules_region ON hotline_rules (region_code, priority);

-- Tickets. region_code is where the matter is (a township, or the county);
-- department_id the department handling it now (0 before dispatch). The
-- caller's name and phone are sealed; caller_phone_idx is the phone's keyed
-- hash, so repeated calls from one number can be found without the key.
-- merged_into points a duplicate at its main ticket (并单), which it follows.
-- Dates of the clock are yyyy-mm-dd civil dates ('' when not set).
CREATE TABLE tickets (
    id               {{id}},
    number           TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL CHECK (channel IN ('phone', 'web', 'mobile', 'open311')),
    category         TEXT NOT NULL,
    class_code       TEXT NOT NULL DEFAULT '',
    class_name       TEXT NOT NULL DEFAULT '',
    title            TEXT NOT NULL,
    content          TEXT NOT NULL,
    caller_name_enc  {{bytes}},
    caller_phone_enc {{bytes}},
    caller_phone_idx {{bytes}},
    person_id        BIGINT NOT NULL DEFAULT 0,
    api_key_id       BIGINT NOT NULL DEFAULT 0,
    region_code      TEXT NOT NULL,
    village          TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    lat              DOUBLE PRECISION,
    lng              DOUBLE PRECISION,
    state            TEXT NOT NULL,
    round            INTEGER NOT NULL DEFAULT 1,
    department_id    BIGINT NOT NULL DEFAULT 0,
    department_name  TEXT NOT NULL DEFAULT '',
    rule_id          BIGINT NOT NULL DEFAULT 0,
    merged_into      BIGINT NOT NULL DEFAULT 0,
    received_on      TEXT NOT NULL,
    sign_days        INTEGER NOT NULL,
    handle_days      INTEGER NOT NULL,
    sign_due         TEXT NOT NULL DEFAULT '',
    handle_due       TEXT NOT NULL,
    reply            TEXT NOT NULL DEFAULT '',
    article_id       BIGINT NOT NULL DEFAULT 0,
    satisfaction     TEXT NOT NULL DEFAULT '',
    urges            INTEGER NOT NULL DEFAULT 0,
    returns          INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    created_by       BIGINT NOT NULL DEFAULT 0,
    created_at       {{timestamp}} NOT NULL,
    updated_at       {{timestamp}} NOT NULL,
    dispatched_at    {{timestamp}},
    signed_at        {{timestamp}},
    replied_at       {{timestamp}},
    concluded_at     {{timestamp}},
    closed_at        {{timestamp}}
);
CREATE UNIQUE INDEX tickets_number ON tickets (number) WHERE number <> '';
CREATE INDEX tickets_region ON tickets (region_code, state);
CREATE INDEX tickets_department ON tickets (department_id, state);
CREATE INDEX tickets_person ON tickets (person_id);
CREATE INDEX tickets_merged ON tickets (merged_into);
CREATE INDEX tickets_phone ON tickets (caller_phone_idx);

-- Every step of a ticket: intake, dispatch, sign, return, reply, urge,
-- conclusion, callback, rating, merge, reopening.
CREATE TABLE ticket_events (
    id              {{id}},
    ticket_id       BIGINT NOT NULL REFERENCES tickets (id),
    at              {{timestamp}} NOT NULL,
    kind            TEXT NOT NULL,
    actor_kind      TEXT NOT NULL DEFAULT '',
    actor_id        BIGINT NOT NULL DEFAULT 0,
    actor_name      TEXT NOT NULL DEFAULT '',
    department_name TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Files the requester attached (uploads of the upload module).
CREATE TABLE ticket_files (
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    upload_id BIGINT NOT NULL REFERENCES uploads (id),
    name      TEXT NOT NULL,
    PRIMARY KEY (ticket_id, upload_id)
);

-- The operators' knowledge base (知识库).
CREATE TABLE hotline_articles (
    id          {{id}},
    region_code TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    keywords    TEXT NOT NULL DEFAULT '',
    items       TEXT NOT NULL DEFAULT '[]',  -- JSON [{slug, name}] of linked service items
    created_at  {{timestamp}} NOT NULL,
    updated_at  {{timestamp}} NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX hotline_articles_region ON hotline_articles (region_code, updated_at);

-- Open311 API keys: only the SHA-256 of a key is kept; prefix is its first
-- characters, shown so an administrator can tell keys apart.
CREATE TABLE open311_keys (
    id          {{id}},
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    prefix      TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    revoked_at  {{timestamp}}
);
