-- 好差评: the services applicants may rate, their ratings, and the
-- rectification of bad ratings. Cases are referred to by id without a foreign
-- key, as deliveries and payment orders refer to theirs, so the module stands
-- on its own. Everything a rating is attributed to (item, department, hall,
-- window, staff member) is copied onto its service as it was at the time.

-- A rateable service: a case's submission, acceptance or conclusion (one per
-- timeline entry, hence the unique case_event_id), or a window visit a clerk
-- opened for the applicant to rate on the hall's pad (no case event).
CREATE TABLE rating_services (
    id              {{id}},
    stage           TEXT NOT NULL CHECK (stage IN ('submit', 'accept', 'conclude', 'visit')),
    mode            TEXT NOT NULL CHECK (mode IN ('online', 'onsite')),
    case_id         BIGINT NOT NULL,
    case_number     TEXT NOT NULL,
    case_event_id   BIGINT UNIQUE,
    person_id       BIGINT NOT NULL,
    org_id          BIGINT NOT NULL DEFAULT 0,
    item_id         BIGINT NOT NULL,
    item_name       TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    department_id   BIGINT NOT NULL,
    department_name TEXT NOT NULL DEFAULT '',
    hall_id         BIGINT NOT NULL DEFAULT 0,
    hall_name       TEXT NOT NULL DEFAULT '',
    window_id       BIGINT NOT NULL DEFAULT 0,
    window_name     TEXT NOT NULL DEFAULT '',
    staff_id        BIGINT NOT NULL DEFAULT 0,
    staff_name      TEXT NOT NULL DEFAULT '',
    at              {{timestamp}} NOT NULL
);
CREATE INDEX rating_services_case ON rating_services (case_id, id);

-- A rating: number 1 is the first (一事一评 / 一次一评), 2 the one follow-up
-- (追评). A service belongs to one applicant, so the unique pair is "once per
-- service per person, plus one follow-up", whatever the code checked before.
-- latest is false once a follow-up replaces the rating in the statistics;
-- excluded is true once a review upheld the department's appeal.
CREATE TABLE ratings (
    id         {{id}},
    service_id BIGINT NOT NULL REFERENCES rating_services (id),
    number     INTEGER NOT NULL CHECK (number IN (1, 2)),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    dimensions TEXT NOT NULL DEFAULT '{}',           -- JSON dimension → 1..5
    comment    TEXT NOT NULL DEFAULT '',
    channel    INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 7),
    person_id  BIGINT NOT NULL,
    org_id     BIGINT NOT NULL DEFAULT 0,
    real_name  BOOLEAN NOT NULL,
    latest     BOOLEAN NOT NULL DEFAULT TRUE,
    excluded   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (service_id, number)
);
CREATE INDEX ratings_person ON ratings (person_id, org_id, id);
CREATE INDEX ratings_created ON ratings (created_at);

-- The rectification (差评整改) of one bad rating in the responsible
-- department. Days are 'YYYY-MM-DD' in China's time, as on cases; pauses is
-- the JSON list of closed appeal pauses [{from, to}].
CREATE TABLE rectifications (
    id                 {{id}},
    rating_id          BIGINT NOT NULL UNIQUE REFERENCES ratings (id),
    service_id         BIGINT NOT NULL REFERENCES rating_services (id),
    region_code        TEXT NOT NULL,
    department_id      BIGINT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('verifying', 'rectifying', 'rectified', 'fed_back', 'called_back', 'appealed', 'closed')),
    opened_on          TEXT NOT NULL,
    workdays           INTEGER NOT NULL,
    pauses             TEXT NOT NULL DEFAULT '[]',
    open_pause         TEXT NOT NULL DEFAULT '',
    due_on             TEXT NOT NULL,
    provisional        BOOLEAN NOT NULL DEFAULT FALSE,
    finding            TEXT NOT NULL DEFAULT '',
    resolution         TEXT NOT NULL DEFAULT '' CHECK (resolution IN ('', 'rectified', 'explained')),
    resolution_text    TEXT NOT NULL DEFAULT '',
    feedback           TEXT NOT NULL DEFAULT '',
    fed_back_at        {{timestamp}},
    callback_attempts  INTEGER NOT NULL DEFAULT 0,
    callback_reached   BOOLEAN NOT NULL DEFAULT FALSE,
    callback_satisfied BOOLEAN NOT NULL DEFAULT FALSE,
    callback_note      TEXT NOT NULL DEFAULT '',
    called_back_at     {{timestamp}},
    appeal_reason      TEXT NOT NULL DEFAULT '',
    review_outcome     TEXT NOT NULL DEFAULT '' CHECK (review_outcome IN ('', 'upheld', 'rejected')),
    review_opinion     TEXT NOT NULL DEFAULT '',
    created_at         {{timestamp}} NOT NULL,
    updated_at         {{timestamp}} NOT NULL,
    closed_at          {{timestamp}},
    closed_on          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rectifications_scope ON rectifications (region_code, department_id, state, due_on);

CREATE TABLE rectification_steps (
    id         {{id}},
    task_id    BIGINT NOT NULL REFERENCES rectifications (id),
    at         {{timestamp}} NOT NULL,
    action     TEXT NOT NULL,                 -- open, verify, rectify, feedback, callback, close, appeal, uphold, reject
    actor_id   BIGINT NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX rectification_steps_task ON rectification_steps (task_id, id);
