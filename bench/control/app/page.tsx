import { connection } from 'next/server'
import pg from 'pg'

/**
 * The benchmark's control (bench/control/README.md): a bare server-rendered page of 20 rows, with no session
 * check, layout, styles or client components. `npm run bench` measures it as it measures the app's pages, with
 * its own raw-SQL floor, so each run shows what share of the floor the framework alone leaves.
 */
const shared = globalThis as unknown as { controlPool?: pg.Pool }
const pool = (shared.controlPool ??= new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  // The app's session settings (lib/server/db.ts).
  options: '-c max_parallel_workers_per_gather=0 -c jit=off',
}))

type Row = { id: string; number: string; type: string; place: string; at: Date }

export default async function ControlPage() {
  await connection()
  const { rows } = await pool.query<Row>({
    name: 'control_latest_incidents',
    text: 'SELECT id::text, number, type::text, "locationText" AS place, "occurredAt" AS at FROM "Incident" ORDER BY "occurredAt" DESC, id DESC LIMIT 20',
  })
  return (
    <main>
      <h1>Latest incidents</h1>
      <table>
        <thead>
          <tr>
            <th>Number</th>
            <th>Type</th>
            <th>Place</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.number}</td>
              <td>{r.type}</td>
              <td>{r.place}</td>
              <td>{r.at.toISOString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  )
}
