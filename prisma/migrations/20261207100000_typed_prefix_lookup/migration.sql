-- The type-ahead suggestions of the handler fields (issue 10;
-- lib/server/lookup.ts suggestHandlers), and the exact reading of migration
-- handler_typed_lookup, from the same indexes. Written by hand.
--
-- Each keystroke in a handler field asks for the handlers whose last name,
-- first name or badge starts with each typed word. Through Prisma's
-- case-insensitive `startsWith` (ILIKE 'word%') no index served it: every
-- handler of a state unit was tested (6.3–11.8 ms a suggestion at 3,008).
-- `lower(column) LIKE 'word%'` is a range of a `text_pattern_ops` index (the
-- database's default collation is ICU, whose order a LIKE prefix cannot
-- use): 0.5–2.5 ms. The same indexes serve `lower(column) = lower(text)`, so
-- they replace the plain lower() indexes of the exact reading.
--
-- Prisma's schema cannot express an index on an expression; its migration
-- diff ignores it, so it does not count as drift for `npm run db:check`.
DROP INDEX "Handler_lower_badgeNumber_idx";
DROP INDEX "Handler_lower_lastName_idx";
CREATE INDEX "Handler_lower_badgeNumber_prefix" ON "Handler" (lower("badgeNumber") text_pattern_ops);
CREATE INDEX "Handler_lower_lastName_prefix" ON "Handler" (lower("lastName") text_pattern_ops);
CREATE INDEX "Handler_lower_firstName_prefix" ON "Handler" (lower("firstName") text_pattern_ops);
