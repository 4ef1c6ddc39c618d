import type { BadgeTone } from '@/components/ui/badge'

export const INVESTIGATION_STATUS_TONE: Record<string, BadgeTone> = { OPEN: 'blue', ACTIVE: 'green', SUSPENDED: 'amber', CLOSED: 'neutral' }
