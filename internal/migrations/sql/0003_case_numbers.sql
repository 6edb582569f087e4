-- Daily case-number sequences per implementation code (办件编号 = 31-character
-- implementation code + yyyyMMdd + 4-digit sequence). One row per code and day;
-- allocation is a single upsert, atomic on both engines.
CREATE TABLE case_sequences (
    impl_code TEXT NOT NULL,
    day       TEXT NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (impl_code, day)
);
