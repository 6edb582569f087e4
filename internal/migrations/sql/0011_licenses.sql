-- placeholder reserved for 0011_licenses; replaced by its author
SELECT 1;
