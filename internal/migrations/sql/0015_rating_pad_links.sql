-- A window visit is rated on the hall's pad or the applicant's phone through a
-- one-time link, not under the clerk's session: the link's token is kept only
-- as its SHA-256, and it expires.
ALTER TABLE rating_services ADD COLUMN pad_token TEXT;
ALTER TABLE rating_services ADD COLUMN pad_expires {{timestamp}};
CREATE UNIQUE INDEX rating_services_pad ON rating_services (pad_token);
