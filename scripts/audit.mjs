// npm audit of the production dependencies (issue #9, decision 017 "Supply chain").
// Fails on any high or critical advisory. When the registry does not serve the
// audit endpoint (this project's build machines reach the npm registry through a
// mirror that answers 405 to npm's bulk-advisory POST), nothing can be checked:
// that is reported loudly and fails only when AUDIT_REQUIRED=1.
import { spawnSync } from 'node:child_process'

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
let report
try {
  report = JSON.parse(run.stdout)
} catch {
  report = null
}

const counts = report?.metadata?.vulnerabilities
if (counts) {
  const high = (counts.high ?? 0) + (counts.critical ?? 0)
  console.log(`npm audit (production dependencies): ${JSON.stringify(counts)}`)
  if (high > 0) {
    spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high'], { stdio: 'inherit' })
    console.error(`npm audit: ${high} high or critical advisories in production dependencies`)
    process.exit(1)
  }
  process.exit(0)
}

const reason = report?.message ?? (run.stderr.trim().split('\n').pop() || `npm audit exited with ${run.status}`)
console.warn(`WARNING: npm audit could not be performed: ${reason}`)
console.warn('WARNING: the supply-chain check did NOT run; set AUDIT_REQUIRED=1 to make this fatal.')
process.exit(process.env.AUDIT_REQUIRED === '1' ? 1 : 0)
