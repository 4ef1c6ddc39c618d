/**
 * Database commands that work offline (docs/decisions/001-offline-migrations.md):
 *
 *   tsx scripts/db.ts migrate [--name <name>] [--create-only] [--accept-data-loss]
 *   tsx scripts/db.ts deploy | status | check | seed
 *   tsx scripts/db.ts reset [--force] [--seed]
 *   tsx scripts/db.ts resolve --rolled-back <migration> | --applied <migration>
 *
 * The database is DATABASE_URL when set, otherwise the embedded default server
 * (scripts/lib/embedded-pg.ts, data under ./.data).
 */
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline/promises'
import { ensureDefaultDatabase } from './lib/embedded-pg'
import { checkDrift, createMigration, deployMigrations, migrationStatus, resetDatabase, resolveMigration } from './lib/migrate'
import { closeAllSchemaEngines } from './lib/schema-engine'

const USAGE = `Usage: npm run db:<command> [-- options]   (or: tsx scripts/db.ts <command>)

  migrate [--name <name>]   apply pending migrations, then create and apply one for schema.prisma changes
          [--create-only]   write the migration (even an empty one, to edit by hand) without applying it
          [--accept-data-loss]
  deploy                    apply pending migrations (production)
  status                    list applied and pending migrations and any problem with the history
  check                     fail when schema.prisma has changes that no migration carries
  reset --force [--seed]    drop everything in the database and apply every migration again
  seed                      load the demo data (the "Who shot Rex?" reference case)
  resolve --rolled-back <m> after repairing a failed migration by hand: retry it on the next deploy
  resolve --applied <m>     … or record it as applied

DATABASE_URL selects the database; without it the embedded server under ./.data is used.`

const COMMANDS = ['migrate', 'deploy', 'status', 'check', 'reset', 'seed', 'resolve']

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '****'
    return u.toString()
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}

function list(names: string[]): string {
  return names.map((n) => `  • ${n}`).join('\n')
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return (await rl.question(`${question} Type "yes" to go on: `)).trim().toLowerCase() === 'yes'
  } finally {
    rl.close()
  }
}

type Flags = {
  name?: string
  force?: boolean
  seed?: boolean
  'create-only'?: boolean
  'accept-data-loss'?: boolean
  'rolled-back'?: string
  applied?: string
}

async function run(command: string, flags: Flags, url: string): Promise<number> {
  const started = performance.now()
  switch (command) {
    case 'deploy': {
      const { applied } = await deployMigrations(url)
      console.log(applied.length ? `Applied ${applied.length} migration(s) in ${seconds(started)}:\n${list(applied)}` : 'No pending migrations: the database is up to date.')
      return 0
    }
    case 'migrate': {
      const result = await createMigration(url, flags.name ?? '', {
        createOnly: flags['create-only'],
        acceptDataLoss: flags['accept-data-loss'],
      })
      const applied = result.applied ?? []
      if (applied.length) console.log(`Applied:\n${list(applied)}`)
      for (const w of result.warnings ?? []) console.warn(`Warning (accepted): ${w}`)
      if (!result.created) console.log('schema.prisma and the migrations agree: no new migration needed.')
      else if (flags['create-only']) console.log(`Created prisma/migrations/${result.created}/migration.sql (not applied). Edit it, then run npm run db:migrate.`)
      else console.log(`Created and applied prisma/migrations/${result.created}/migration.sql.`)
      console.log(`Done in ${seconds(started)}.`)
      return 0
    }
    case 'status': {
      const { applied, pending, problems } = await migrationStatus(url)
      console.log(`${applied.length} migration(s) applied.`)
      if (pending.length) console.log(`${pending.length} pending (run npm run db:deploy):\n${list(pending)}`)
      for (const p of problems) console.error(`Problem: ${p}`)
      if (!pending.length && !problems.length) console.log('The database is up to date.')
      return pending.length || problems.length ? 1 : 0
    }
    case 'check': {
      const { ok, summary } = await checkDrift(url)
      if (ok) {
        console.log(`OK: the migrations produce exactly schema.prisma (${seconds(started)}).`)
        return 0
      }
      console.error(`Drift: schema.prisma has changes that no migration carries:\n\n${summary}\n\nCreate the migration with: npm run db:migrate -- --name <what-changed>`)
      return 1
    }
    case 'reset': {
      if (!flags.force && !(await confirm(`This deletes ALL data in ${redact(url)}.`))) {
        console.error('Not reset. Run with --force to drop everything in the database and apply the migrations again.')
        return 1
      }
      const { applied } = await resetDatabase(url)
      console.log(`Reset: dropped everything and applied ${applied.length} migration(s) in ${seconds(started)}.`)
      if (flags.seed) return run('seed', {}, url)
      return 0
    }
    case 'seed': {
      const { pending } = await migrationStatus(url)
      if (pending.length) {
        console.error(`The database has ${pending.length} pending migration(s); run npm run db:deploy first.`)
        return 1
      }
      // Loaded on demand: seeding pulls in the app's code, the other commands must not need it.
      const { seed } = await import('../prisma/seed')
      const { loaded } = await seed(url, { log: (line) => console.log(line) })
      console.log(loaded ? `Seeded the demo data in ${seconds(started)}.` : 'The demo data is already there: nothing changed.')
      return 0
    }
    case 'resolve': {
      const name = flags['rolled-back'] ?? flags.applied
      if (!name || (flags['rolled-back'] && flags.applied)) {
        console.error('Say which migration and how: resolve --rolled-back <migration> or resolve --applied <migration>.')
        return 2
      }
      const as = flags['rolled-back'] ? 'rolled-back' : 'applied'
      await resolveMigration(url, name, as)
      console.log(`Recorded ${name} as ${as === 'applied' ? 'applied' : 'rolled back'}.`)
      return 0
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`)
      return 2
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      force: { type: 'boolean' },
      seed: { type: 'boolean' },
      'create-only': { type: 'boolean' },
      'accept-data-loss': { type: 'boolean' },
      'rolled-back': { type: 'string' },
      applied: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0]
  if (!command || values.help) {
    console.log(USAGE)
    return command ? 0 : 2
  }
  if (!COMMANDS.includes(command)) {
    console.error(`Unknown command "${command}".\n\n${USAGE}`)
    return 2
  }

  // DATABASE_URL when set; otherwise the embedded server (started here, or
  // the one already running for the app).
  const { url, stop, embedded } = await ensureDefaultDatabase()
  console.log(embedded ? `Database: embedded PostgreSQL (${redact(url)})` : `Database: ${redact(url)}`)
  try {
    return await run(command, values, url)
  } finally {
    await stop()
  }
}

// The engine can fail outside any promise (a panic in WebAssembly): drop the
// shadow databases it was using before leaving.
process.on('uncaughtException', (error) => {
  console.error(error instanceof Error ? error.message : error)
  void closeAllSchemaEngines().finally(() => process.exit(1))
})

main().then(
  (code) => {
    process.exitCode = code
  },
  async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    await closeAllSchemaEngines()
    process.exitCode = 1
  },
)
