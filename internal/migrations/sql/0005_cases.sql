-- Applications (申请) and cases (办件). An application is the applicant's
-- draft, saved automatically and resumable on any device; submitting it (or a
-- window clerk registering it) creates one case with its case number, which
-- then moves through the item's workflow. The timeline of a case is
-- case_events, appended by every change in the change's transaction.
CREATE TABLE applications (
    id           {{id}},
    person_id    BIGINT NOT NULL,
    org_id       BIGINT NOT NULL DEFAULT 0,       -- 0 = applying for oneself
    item_id      BIGINT NOT NULL REFERENCES items (id),
    item_version INTEGER NOT NULL,                -- the published version it was made under
    form         TEXT NOT NULL,                   -- JSON object of form values
    materials    TEXT NOT NULL,                   -- JSON material checklist
    submitted    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   {{timestamp}} NOT NULL,
    updated_at   {{timestamp}} NOT NULL
);
-- One open draft per applicant, enterprise and item is looked up on resume.
CREATE INDEX applications_draft ON applications (person_id, org_id, item_id, submitted);

CREATE TABLE cases (
    id              {{id}},
    number          TEXT NOT NULL UNIQUE,         -- 办件编号, 43 characters
    application_id  BIGINT NOT NULL UNIQUE REFERENCES applications (id),
    item_id         BIGINT NOT NULL REFERENCES items (id),
    item_version    INTEGER NOT NULL,
    item_name       TEXT NOT NULL,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    department_id   BIGINT NOT NULL REFERENCES departments (id),
    person_id       BIGINT NOT NULL,
    org_id          BIGINT NOT NULL DEFAULT 0,
    channel         TEXT NOT NULL CHECK (channel IN ('online', 'window')),
    registered_by   BIGINT NOT NULL DEFAULT 0,    -- the window clerk (无差别受理); 0 online
    received_region TEXT NOT NULL DEFAULT '',     -- where it was received, for 收受分离
    state           TEXT NOT NULL,                -- a workflow state id
    accepted_on     TEXT NOT NULL DEFAULT '',     -- yyyy-mm-dd; '' before acceptance
    time_limit      INTEGER NOT NULL,
    time_unit       TEXT NOT NULL,
    pauses          TEXT NOT NULL DEFAULT '[]',   -- JSON closed pauses [{"from","to"}]
    open_pause      TEXT NOT NULL DEFAULT '',     -- yyyy-mm-dd of a running pause, or ''
    due_on          TEXT NOT NULL DEFAULT '',     -- promised due date, '' before acceptance
    provisional     BOOLEAN NOT NULL DEFAULT FALSE,
    closed          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL,
    closed_at       {{timestamp}}
);
CREATE INDEX cases_inbox ON cases (region_code, department_id, closed, state);
CREATE INDEX cases_applicant ON cases (person_id, org_id);
CREATE INDEX cases_due ON cases (closed, due_on);

CREATE TABLE case_events (
    id         {{id}},
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    at         {{timestamp}} NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id   BIGINT NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state   TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}'         -- JSON object
);
CREATE INDEX case_events_case ON case_events (case_id, id);
