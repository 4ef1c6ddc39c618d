-- A dog typed by its K-9 number or call name, in any case (issue 10;
-- lib/server/dogs/match.ts dogsByText). Written by hand.
--
-- Logging a deployment, a medical record, the incident list's dog filter and
-- the candidate finder read the dog a person typed. Through Prisma's
-- case-insensitive `equals` (ILIKE) no index served it: the planner walked
-- all 2,008 dogs of a state unit in name order and tested each (3.7 ms of the
-- 4.6 ms of SQL in logging a deployment). Compared as lower(column) =
-- lower(text), these two indexes find the dogs directly.
--
-- Prisma's schema cannot express an index on an expression; its migration
-- diff ignores it, so it does not count as drift for `npm run db:check`.
CREATE INDEX "Dog_lower_k9Number_idx" ON "Dog" (lower("k9Number"));
CREATE INDEX "Dog_lower_name_idx" ON "Dog" (lower("name"));
