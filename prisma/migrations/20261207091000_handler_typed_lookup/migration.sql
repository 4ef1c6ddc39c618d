-- A handler typed by badge number or name, in any case (issue 10;
-- lib/server/handlers/match.ts handlersByText). Written by hand.
--
-- The deployment, pairing and account forms and the incident and dog lists'
-- handler filters read the handler a person typed. Through Prisma's
-- case-insensitive `equals` (ILIKE) no index served it: every lookup read all
-- 3,008 handlers of the statewide dataset (6 ms). Compared as lower(column) =
-- lower(text), these two indexes find them directly; a first name is checked
-- on the handlers of the last name.
--
-- Prisma's schema cannot express an index on an expression; its migration
-- diff ignores it, so it does not count as drift for `npm run db:check`.
CREATE INDEX "Handler_lower_badgeNumber_idx" ON "Handler" (lower("badgeNumber"));
CREATE INDEX "Handler_lower_lastName_idx" ON "Handler" (lower("lastName"));
