-- Payment orders (缴费订单) for items that charge, their fee lines, and the
-- electronic receipts issued when an order is paid. Amounts are integer fen.
CREATE TABLE payment_orders (
    id            {{id}},
    order_no      TEXT NOT NULL UNIQUE,
    case_ref      TEXT NOT NULL,
    payer_id      BIGINT NOT NULL,
    item_slug     TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    department_id BIGINT NOT NULL DEFAULT 0,
    total         BIGINT NOT NULL CHECK (total > 0),
    state         TEXT NOT NULL CHECK (state IN ('created', 'paid', 'refunding', 'refunded', 'closed')),
    gateway_txn   TEXT NOT NULL DEFAULT '',
    created_at    {{timestamp}} NOT NULL,
    paid_at       {{timestamp}},
    closed_at     {{timestamp}},
    close_reason  TEXT NOT NULL DEFAULT '',
    refund_reason TEXT NOT NULL DEFAULT '',
    refund_requested_at {{timestamp}},
    refunded_at   {{timestamp}}
);
CREATE INDEX payment_orders_case ON payment_orders (case_ref);
CREATE INDEX payment_orders_paid ON payment_orders (paid_at);
CREATE INDEX payment_orders_refunded ON payment_orders (refunded_at);

CREATE TABLE payment_order_lines (
    order_id BIGINT NOT NULL REFERENCES payment_orders (id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    standard TEXT NOT NULL DEFAULT '',
    amount   BIGINT NOT NULL CHECK (amount > 0),
    PRIMARY KEY (order_id, position)
);

-- One receipt per order: the UNIQUE order_id is what keeps a repeated callback
-- from issuing a second receipt even if two deliveries race.
CREATE TABLE payment_receipts (
    id         {{id}},
    receipt_no TEXT NOT NULL UNIQUE,
    order_id   BIGINT NOT NULL UNIQUE REFERENCES payment_orders (id),
    payer_id   BIGINT NOT NULL,
    amount     BIGINT NOT NULL,
    items      TEXT NOT NULL, -- JSON snapshot of the fee lines
    issued_at  {{timestamp}} NOT NULL
);

-- The sandbox gateway's own records: it plays an outside system, so it shares
-- nothing with the platform's tables.
CREATE TABLE sandbox_payments (
    order_no   TEXT PRIMARY KEY,
    amount     BIGINT NOT NULL,
    subject    TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'closed', 'refunded')),
    txn_id     TEXT NOT NULL DEFAULT '',
    refunded   BIGINT NOT NULL DEFAULT 0,
    created_at {{timestamp}} NOT NULL,
    paid_at    {{timestamp}}
);

-- The gateway's ledger, from which its daily statement is drawn.
CREATE TABLE sandbox_ledger (
    id       {{id}},
    order_no TEXT NOT NULL,
    txn_id   TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('pay', 'refund')),
    amount   BIGINT NOT NULL,
    at       {{timestamp}} NOT NULL
);
CREATE INDEX sandbox_ledger_at ON sandbox_ledger (at);

-- Asynchronous callbacks waiting to be delivered to the platform (an outbox:
-- written in the payment's transaction, sent by a job, retried with back-off).
CREATE TABLE sandbox_callbacks (
    id         {{id}},
    order_no   TEXT NOT NULL,
    params     TEXT NOT NULL, -- JSON object of the signed parameters
    state      TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    {{timestamp}} NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    delivered_at {{timestamp}}
);
CREATE INDEX sandbox_callbacks_due ON sandbox_callbacks (state, next_at);
