-- Per-item application forms and workflows, as data edited by item
-- administrators. Forms are versioned and the newest saved one is active.
-- Workflows are saved as drafts and activated after static validation; an
-- active or retired definition never changes, because cases opened under it
-- keep following it (cases.workflow_id, 0 = the built-in default workflow).
CREATE TABLE item_forms (
    id         {{id}},
    item_id    BIGINT NOT NULL REFERENCES items (id),
    version    INTEGER NOT NULL,
    spec       TEXT NOT NULL,                    -- JSON casework.FormSpec
    created_by BIGINT NOT NULL,                  -- staff id
    created_at {{timestamp}} NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (item_id, version)
);
-- At most one active form per item, even under concurrent saves.
CREATE UNIQUE INDEX item_forms_active ON item_forms (item_id) WHERE active = TRUE;

CREATE TABLE item_workflows (
    id           {{id}},
    item_id      BIGINT NOT NULL REFERENCES items (id),
    version      INTEGER NOT NULL,
    definition   TEXT NOT NULL,                  -- JSON casework.Workflow
    status       TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
    created_by   BIGINT NOT NULL,
    created_at   {{timestamp}} NOT NULL,
    activated_by BIGINT NOT NULL DEFAULT 0,
    activated_at {{timestamp}},
    UNIQUE (item_id, version)
);
CREATE UNIQUE INDEX item_workflows_active ON item_workflows (item_id) WHERE status = 'active';

-- The workflow a case follows, fixed when it is opened.
ALTER TABLE cases ADD COLUMN workflow_id BIGINT NOT NULL DEFAULT 0;
