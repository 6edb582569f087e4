-- placeholder reserved for 0012_ratings; replaced by its author
SELECT 1;
