-- placeholder reserved for 0013_hotline; replaced by its author
SELECT 1;
