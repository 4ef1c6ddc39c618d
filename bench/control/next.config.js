// @ts-check
/** The benchmark's control page (bench/control/README.md). */
/** @type {import('next').NextConfig} */
module.exports = {
  poweredByHeader: false,
  // Served by scripts/serve.mjs, which compresses each response itself (decision 027), as it does the app.
  compress: process.env.K9_COMPRESSION !== 'serve',
  serverExternalPackages: ['pg'],
  // The root `npm run typecheck` checks these files; the control's build need not.
  typescript: { ignoreBuildErrors: true },
}
