import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { env } from './env'

/** The one Prisma client for the process (a globalThis singleton survives dev reloads). */
const globalForDb = globalThis as unknown as { k9db?: PrismaClient }

function createClient() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 })
  // A busy server queues for a pool connection rather than failing the request:
  // Prisma's defaults (2 s to get a connection, 5 s per transaction) refused
  // racing writes on a loaded 2-core machine ("Unable to start a transaction").
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } })
}

export const db: PrismaClient = globalForDb.k9db ?? createClient()
if (process.env.NODE_ENV !== 'production') globalForDb.k9db = db

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
