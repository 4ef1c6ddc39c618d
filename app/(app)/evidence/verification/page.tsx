import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import { after } from 'next/server'
import type { Metadata } from 'next'
import { z } from 'zod'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import type { ChainBreak } from '@/lib/generated/prisma/enums'
import { formatDateTime } from '@/lib/format'
import { requirePermission } from '@/lib/server/auth'
import { getVerificationOverview, progressOf, verdictOf, verifyChainsIfDueInBackground, VERIFY_EVERY_HOURS, type VerificationRun } from '@/lib/server/evidence/verification-runs'
import { AutoRefresh } from './_components/auto-refresh'
import { VerifyNowForm } from './_components/verify-now'

export const metadata: Metadata = { title: 'Chain verification' }

const ParamsSchema = z.object({
  run: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
})

const BREAK_WORDS: Record<ChainBreak, string> = {
  PREV_HASH_MISMATCH: 'an event is missing or out of order',
  HASH_MISMATCH: 'an event’s content was altered',
  HEAD_MISMATCH: 'events after the last one were removed, or the item’s head record was changed',
}

const n = (x: number) => x.toLocaleString('en-US')

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`
}

function timeLeft(secondsLeft: number): string {
  if (secondsLeft < 60) return 'under a minute'
  const minutes = Math.round(secondsLeft / 60)
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`
}

function startedBy(run: Pick<VerificationRun, 'trigger' | 'requestedBy'>): string {
  return run.trigger === 'SCHEDULED' ? 'the daily schedule' : (run.requestedBy?.name ?? 'a user')
}

function tookMs(run: Pick<VerificationRun, 'startedAt' | 'finishedAt'>): number | null {
  return run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null
}

/**
 * The evidence room's chain report. Every item's chain is recomputed by a
 * background run (lib/server/evidence/verification-runs.ts), daily by itself
 * and whenever someone asks; this page shows the run going on, the latest
 * report (or the one picked from the history) and its broken chains.
 */
export default async function EvidenceVerificationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('evidence:verify')
  const params = ParamsSchema.parse(await searchParams)
  const overview = await getVerificationOverview(actor, { runId: params.run, page: params.page })
  if (!overview) notFound()
  // The daily run starts (or a stalled one resumes) after this response: nobody waits for it.
  after(verifyChainsIfDueInBackground)
  const { running, report, findings, page, pageCount, history } = overview
  const progress = running ? progressOf(running) : null
  const reportTook = report ? tookMs(report) : null
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/evidence" className="underline">Evidence</Link>}
        title="Chain verification"
        subtitle={`Every item’s chain of custody recomputed from its events, in the background: by itself every ${VERIFY_EVERY_HOURS} hours, and whenever you ask.`}
        actions={<VerifyNowForm running={Boolean(running)} />}
      />

      {running && progress ? (
        <Card title="Verification in progress" id="running" className="mb-4">
          <AutoRefresh />
          <label htmlFor="run-progress" className="sr-only">Items checked</label>
          <progress id="run-progress" max={1} value={progress.fraction} className="h-3 w-full appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-700 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-700">
            {Math.round(progress.fraction * 100)}%
          </progress>
          <p className="mt-2 text-sm text-slate-800">
            <span className="font-semibold">{n(running.itemsChecked)}</span> of {n(running.itemsTotal)} items checked ({Math.round(progress.fraction * 100)}%) · {n(running.eventsChecked)} events ·{' '}
            <span className={running.brokenCount > 0 ? 'font-semibold text-red-800' : undefined}>{n(running.brokenCount)} broken so far</span>
            {progress.secondsLeft !== null ? ` · about ${timeLeft(progress.secondsLeft)} left` : ''}
          </p>
          <p className="mt-1 text-xs text-slate-600">Started {formatDateTime(running.startedAt)} by {startedBy(running)}. This page updates by itself; you can leave it and come back.</p>
        </Card>
      ) : null}

      {report ? (
        <section aria-labelledby="report-title" className="mb-4">
          <h2 id="report-title" className="sr-only">Report</h2>
          {report.status === 'FAILED' ? (
            <p role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-4 font-medium text-amber-900">
              The run of {formatDateTime(report.startedAt)} stopped on an error after checking {n(report.itemsChecked)} of {n(report.itemsTotal)} items. It is retried by itself within the hour; the error is in the server log.
            </p>
          ) : report.brokenCount === 0 ? (
            <p role="status" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 font-medium text-emerald-900">
              {verdictOf(report)} {n(report.eventsChecked)} events verified.
            </p>
          ) : (
            <p role="alert" className="rounded-xl border border-red-300 bg-red-50 p-4 font-medium text-red-900">
              {verdictOf(report)} {n(report.eventsChecked)} events checked.
            </p>
          )}
          <p className="mt-2 text-sm text-slate-700">
            Run started {formatDateTime(report.startedAt)} by {startedBy(report)}
            {report.finishedAt ? `, finished ${formatDateTime(report.finishedAt)}` : ''}
            {reportTook !== null ? ` (${seconds(reportTook)})` : ''}.
            {params.run ? <> <Link href="/evidence/verification" className="font-medium link">Latest report</Link></> : null}
          </p>
        </section>
      ) : running ? null : (
        <div className="mb-4">
          <EmptyState title="No verification has finished yet.">The first run starts by itself in a moment, or start one now.</EmptyState>
        </div>
      )}

      {report && report.brokenCount > 0 ? (
        <Card title={`Broken chains (${n(report.brokenCount)})`} id="broken" className="mb-4">
          <ul className="divide-y divide-slate-100">
            {findings.map((f) => (
              <li key={f.id} className="py-2">
                <Link href={`/evidence/${f.evidenceItem.id}`} className="font-semibold link">{f.evidenceItem.number}</Link>{' '}
                <span className="text-sm text-slate-700">{f.evidenceItem.description}</span>
                <p className="text-sm text-red-800">
                  {f.brokenAtSequence !== null ? `Broken at event #${f.brokenAtSequence} of ${f.eventCount}` : `Head record disagrees (${f.eventCount} events)`}: {BREAK_WORDS[f.reason]}.
                </p>
              </li>
            ))}
          </ul>
          <Pagination page={page} pageCount={pageCount} total={report.brokenCount} basePath="/evidence/verification" params={{ run: params.run }} noun={['broken chain', 'broken chains']} />
        </Card>
      ) : null}

      {history.length > 0 ? (
        <Card title="Recent runs" id="history">
          <div className="-mx-4 overflow-x-auto sm:-mx-5">
            {/* On a phone: when, who and the result; the run's own report has the counts. */}
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">The last {history.length} verification runs, newest first</caption>
              <thead className="bg-slate-50 text-left text-slate-700">
                <tr>
                  <th scope="col" className="px-4 py-2 font-semibold">Started</th>
                  <th scope="col" className="px-4 py-2 font-semibold">By</th>
                  <th scope="col" className="px-4 py-2 font-semibold">Result</th>
                  <th scope="col" className="hidden px-4 py-2 text-right font-semibold sm:table-cell">Items</th>
                  <th scope="col" className="hidden px-4 py-2 text-right font-semibold sm:table-cell">Events</th>
                  <th scope="col" className="hidden px-4 py-2 text-right font-semibold sm:table-cell">Took</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {history.map((r) => {
                  const took = tookMs(r)
                  const current = report?.id === r.id
                  return (
                    <tr key={r.id} className={current ? 'bg-brand-50' : undefined} aria-current={current ? 'true' : undefined}>
                      <td className="whitespace-nowrap px-4 py-2">
                        {r.status === 'RUNNING' ? formatDateTime(r.startedAt) : <Link href={`/evidence/verification?run=${r.id}`} className="font-medium link">{formatDateTime(r.startedAt)}</Link>}
                      </td>
                      <td className="px-4 py-2">{startedBy(r)}</td>
                      <td className={r.status === 'COMPLETED' && r.brokenCount > 0 ? 'px-4 py-2 font-semibold text-red-800' : r.status === 'FAILED' ? 'px-4 py-2 text-amber-800' : 'px-4 py-2'}>
                        {r.status === 'RUNNING' ? 'Running' : r.status === 'FAILED' ? 'Stopped on an error' : r.brokenCount === 0 ? 'All intact' : `${n(r.brokenCount)} broken`}
                      </td>
                      <td className="hidden px-4 py-2 text-right tabular-nums sm:table-cell">{n(r.itemsChecked)}</td>
                      <td className="hidden px-4 py-2 text-right tabular-nums sm:table-cell">{n(r.eventsChecked)}</td>
                      <td className="hidden px-4 py-2 text-right tabular-nums sm:table-cell">{took !== null ? seconds(took) : '—'}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
    </>
  )
}
