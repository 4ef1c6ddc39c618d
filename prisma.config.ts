import { defineConfig } from 'prisma/config'

// SECURITY/offline: env('DATABASE_URL') throws when unset and breaks `npm ci`;
// the app and scripts pass the URL to the driver adapter themselves.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
})
