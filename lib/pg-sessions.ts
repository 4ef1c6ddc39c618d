/**
 * How the app's PostgreSQL sessions are set up. Shared by the app
 * (lib/server/db.ts) and by the benchmark's raw-SQL floor (scripts/bench.ts,
 * scripts/lib/sql-capture.ts), which must run the app's statements exactly as
 * the app runs them (docs/decisions/020-performance-at-scale.md).
 */

/**
 * Every session: no parallel plans (a parallel plan starts worker processes,
 * milliseconds each, and takes cores from the other requests) and no JIT (it
 * compiles a "costly" plan for longer than the statement runs).
 */
export const APP_SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0 -c jit=off'

/**
 * The sessions of the hand-written statements (hotRows): each is planned once
 * per connection, for any parameters. PostgreSQL's default re-plans a
 * prepared statement on every run while its cost estimate for a plan made
 * for no parameter in particular stays higher than the plans made for each
 * run's parameters; for the dog profile, the dog's vital signs and the
 * timeline's shown records it never stops, and planning them cost more than
 * running them (0.6–3 ms a run). Prisma's statements keep the default: a
 * count of a dog's incidents took 283 ms on such a plan instead of 1.5.
 */
export const HOT_SESSION_OPTIONS = `${APP_SESSION_OPTIONS} -c plan_cache_mode=force_generic_plan`

/**
 * A hand-written statement's name: `k9_` and words joined by `_`
 * (`k9_dog_profile`). Prisma's statements are named `k9_` and a base-36
 * counter, with no second `_`, so the two never collide on a connection.
 */
export const HOT_STATEMENT_NAME = /^k9_[a-z0-9]+(?:_[a-z0-9]+)+$/
