import 'server-only'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/lib/generated/prisma/client'
import { env } from './env'

/** The one Prisma client for the process (a globalThis singleton survives dev reloads). */
const globalForDb = globalThis as unknown as { k9db?: PrismaClient }

function createClient() {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 })
  return new PrismaClient({ adapter })
}

export const db: PrismaClient = globalForDb.k9db ?? createClient()
if (process.env.NODE_ENV !== 'production') globalForDb.k9db = db

export type Db = PrismaClient
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
