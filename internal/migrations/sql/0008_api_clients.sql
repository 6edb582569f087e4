-- API clients: departmental business systems (部门业务系统) that call /api/v1
-- with the OAuth 2.0 client-credentials grant. Each client is backed by a staff
-- account of its own (department, roles, active flag), whose password nobody
-- knows, so its bearer tokens are ordinary "api" rows in sessions and every
-- existing authorization rule applies to it unchanged. Only the SHA-256 of the
-- secret is kept: it is 256 random bits, so a slow hash would add nothing.
CREATE TABLE api_clients (
    id           {{id}},
    client_id    TEXT NOT NULL UNIQUE,                         -- public, "tbc_…"
    name         TEXT NOT NULL,
    staff_id     BIGINT NOT NULL UNIQUE REFERENCES staff (id),
    secret_hash  TEXT NOT NULL,                                -- hex SHA-256 of the secret
    created_by   BIGINT REFERENCES staff (id),
    created_at   {{timestamp}} NOT NULL,
    last_used_at {{timestamp}},                                -- the last token issued
    revoked_at   {{timestamp}}
);

-- Revoking a client ends every session of its staff account at once.
CREATE INDEX sessions_staff ON sessions (staff_id);
