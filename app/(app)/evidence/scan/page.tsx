import { Link } from '@/components/ui/link'
import { redirect } from 'next/navigation'
import type { Metadata } from 'next'
import { z } from 'zod'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/server/auth'
import { resolveScannedCode } from '@/lib/server/evidence/queries'

export const metadata: Metadata = { title: 'Scan a label' }

const ScanSchema = z.object({ code: z.string().trim().min(1).max(200).optional().catch(undefined) })

/**
 * A handheld barcode scanner types what it reads and presses Enter: this page's
 * one field takes an item's number (Code 128 on its label), a location's code,
 * or an item's URL (QR), and opens the item or the location's items.
 */
export default async function ScanPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('evidence:read')
  const raw = (await searchParams).code
  const { code } = ScanSchema.parse({ code: typeof raw === 'string' ? raw : undefined })
  const target = code ? await resolveScannedCode(actor, code) : null
  if (target) redirect(target)
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/evidence" className="underline">Evidence</Link>}
        title="Scan a label"
        subtitle="Scan an item's or a location's barcode (or type its number) to open it."
      />
      <Card className="max-w-xl">
        <form method="get" role="search" aria-label="Scan a label" className="space-y-3">
          {code ? (
            <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800">
              Nothing you can see has the code “{code}”. Check the label and scan again.
            </p>
          ) : null}
          <label htmlFor="scan-code" className="block text-sm font-medium text-slate-800">Item number or location code</label>
          {/* autoFocus: the scanner types into the focused field the moment the page opens. */}
          <input id="scan-code" name="code" type="text" autoFocus autoComplete="off" defaultValue={code ?? ''} className="block min-h-11 w-full rounded-lg border border-slate-300 px-3 font-mono" />
          <Button type="submit" className="w-full sm:w-auto">Open</Button>
        </form>
      </Card>
    </>
  )
}
