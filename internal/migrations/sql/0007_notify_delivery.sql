-- Notices (站内消息) to persons and staff, and the outbox of their SMS and
-- e-mail copies, which is also the delivery log. A person's inbox is per
-- enterprise they act for (org_id 0 = for themselves), like their cases.
CREATE TABLE notices (
    id             {{id}},
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('person', 'staff')),
    recipient_id   BIGINT NOT NULL,
    org_id         BIGINT NOT NULL DEFAULT 0,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    link           TEXT NOT NULL DEFAULT '',
    created_at     {{timestamp}} NOT NULL,
    read_at        {{timestamp}}
);
CREATE INDEX notices_inbox ON notices (recipient_kind, recipient_id, org_id, id);

-- One row per outside copy, written in the notice's transaction and sent by a
-- worker outside it. The address is sealed (personal data); the masked form is
-- kept beside it so the log never needs the key.
CREATE TABLE notice_outbox (
    id             {{id}},
    notice_id      BIGINT NOT NULL REFERENCES notices (id),
    channel        TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
    address_enc    {{bytes}} NOT NULL,
    address_masked TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_at        {{timestamp}} NOT NULL,
    last_error     TEXT NOT NULL DEFAULT '',
    created_at     {{timestamp}} NOT NULL,
    sent_at        {{timestamp}}
);
CREATE INDEX notice_outbox_due ON notice_outbox (status, next_at);

-- Deliveries (送达) of concluded cases' results: online download, mail through
-- a carrier, or pickup at a window with a one-time code. The case is referred
-- to by id without a foreign key, as payment orders refer to theirs, so the
-- module stands on its own. Recipient, address and phone (mail) and the pickup
-- code are sealed; pickup_code_idx is the code's keyed hash (blind index),
-- cleared when the code is used, which is what makes a code single-use.
CREATE TABLE deliveries (
    id              {{id}},
    case_id         BIGINT NOT NULL UNIQUE,
    case_number     TEXT NOT NULL,
    item_name       TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    department_id   BIGINT NOT NULL,
    department_name TEXT NOT NULL DEFAULT '',
    person_id       BIGINT NOT NULL,
    org_id          BIGINT NOT NULL DEFAULT 0,
    applicant_name  TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL CHECK (method IN ('online', 'mail', 'window')),
    result_name     TEXT NOT NULL,
    result_type     TEXT NOT NULL,
    opinion         TEXT NOT NULL DEFAULT '',
    recipient_enc   {{bytes}},
    address_enc     {{bytes}},
    phone_enc       {{bytes}},
    carrier         TEXT NOT NULL DEFAULT '',
    tracking_no     TEXT NOT NULL DEFAULT '',
    scans           INTEGER NOT NULL DEFAULT 0,   -- carrier scans recorded so far
    pickup_code_idx {{bytes}} UNIQUE,
    pickup_code_enc {{bytes}},
    status          TEXT NOT NULL CHECK (status IN ('pending', 'shipped', 'ready', 'completed')),
    completed_how   TEXT NOT NULL DEFAULT '',
    created_at      {{timestamp}} NOT NULL,
    updated_at      {{timestamp}} NOT NULL,
    completed_at    {{timestamp}}
);
CREATE INDEX deliveries_status ON deliveries (status, method);

CREATE TABLE delivery_events (
    id          {{id}},
    delivery_id BIGINT NOT NULL REFERENCES deliveries (id),
    at          {{timestamp}} NOT NULL,
    kind        TEXT NOT NULL,               -- ready, shipped, scan, collected, downloaded
    scan_status TEXT NOT NULL DEFAULT '',    -- for scans: picked_up, in_transit, out_for_delivery, signed
    text        TEXT NOT NULL DEFAULT '',
    actor_name  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_events_delivery ON delivery_events (delivery_id, id);

-- The sandbox carrier's own records: it plays an outside courier, so it shares
-- nothing with the platform's tables and keeps no personal data (its scans
-- follow from the time since shipping alone).
CREATE TABLE sandbox_parcels (
    tracking_no TEXT PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE,
    contents    TEXT NOT NULL DEFAULT '',
    shipped_at  {{timestamp}} NOT NULL
);
