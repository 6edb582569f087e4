-- Uploaded files (申请材料). A row is the metadata of one upload; the content
-- lives in the blob store under its SHA-256, so two uploads of the same bytes
-- are two rows sharing one blob. A file belongs to a person, acting for an
-- enterprise or (org 0) for themselves; uploaded_by is the window clerk who
-- received it on their behalf, 0 when the owner uploaded it.
CREATE TABLE uploads (
    id              {{id}},
    owner_person_id BIGINT NOT NULL,
    owner_org_id    BIGINT NOT NULL DEFAULT 0,
    uploaded_by     BIGINT NOT NULL DEFAULT 0,
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size            BIGINT NOT NULL CHECK (size > 0),
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX uploads_owner ON uploads (owner_person_id, owner_org_id);
-- Which rows use a blob, for a sweep of contents no row refers to.
CREATE INDEX uploads_sha256 ON uploads (sha256);
