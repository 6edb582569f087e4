-- Case handling beyond the default path: 容缺受理 (materials still owed), the
-- conclusion type, transfers between departments, and 一件事 bundle
-- applications whose cases are handled in parallel by their departments.
ALTER TABLE cases ADD COLUMN pending TEXT NOT NULL DEFAULT '';      -- JSON {materials, by, provided}, '' when none
ALTER TABLE cases ADD COLUMN conclusion TEXT NOT NULL DEFAULT '';   -- 出证办结, 出文办结, 审批办结, 不予许可
ALTER TABLE cases ADD COLUMN bundle_application_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cases_bundle ON cases (bundle_application_id);

-- One application for a bundle: the scenario answers, the merged form asked
-- once, the deduplicated materials, and the items the answers selected.
CREATE TABLE bundle_applications (
    id           {{id}},
    bundle_slug  TEXT NOT NULL,
    bundle_name  TEXT NOT NULL,
    person_id    BIGINT NOT NULL,
    org_id       BIGINT NOT NULL DEFAULT 0,
    answers      TEXT NOT NULL,                   -- JSON question id → option value
    item_ids     TEXT NOT NULL,                   -- JSON array of item ids
    extra        TEXT NOT NULL,                   -- JSON array: materials the answers add
    form         TEXT NOT NULL,                   -- JSON object of form values
    materials    TEXT NOT NULL,                   -- JSON material checklist
    submitted    BOOLEAN NOT NULL DEFAULT FALSE,
    concluded    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   {{timestamp}} NOT NULL,
    updated_at   {{timestamp}} NOT NULL,
    submitted_at {{timestamp}},
    concluded_at {{timestamp}}
);
CREATE INDEX bundle_applications_applicant ON bundle_applications (person_id, org_id, bundle_slug, submitted);
