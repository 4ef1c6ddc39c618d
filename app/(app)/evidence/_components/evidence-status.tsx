import { Badge, type BadgeTone } from '@/components/ui/badge'

const TONE: Record<string, BadgeTone> = {
  IN_CUSTODY: 'green',
  IN_TRANSIT: 'amber',
  AT_LAB: 'violet',
  RELEASED: 'neutral',
  DISPOSED: 'neutral',
}

const LABEL: Record<string, string> = {
  IN_CUSTODY: 'In custody',
  IN_TRANSIT: 'In transit',
  AT_LAB: 'At lab',
  RELEASED: 'Released',
  DISPOSED: 'Disposed',
}

export function evidenceStatusLabel(status: string): string {
  return LABEL[status] ?? status
}

export function EvidenceStatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={TONE[status] ?? 'neutral'} className={className}>
      {evidenceStatusLabel(status)}
    </Badge>
  )
}
