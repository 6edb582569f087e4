-- Local adjustments to the national holiday calendar made by an install's
-- administrators (a provincial holiday, a local makeup working day). One per
-- date and region; the install's calendar applies those of its home region.
CREATE TABLE calendar_overrides (
    region_code TEXT NOT NULL,
    day         TEXT NOT NULL,        -- yyyy-mm-dd
    off_day     BOOLEAN NOT NULL,     -- TRUE: a rest day; FALSE: a working day
    name        TEXT NOT NULL,
    created_by  TEXT NOT NULL,        -- the administrator's name, for the list
    created_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (region_code, day)
);
