/** Display formatting shared by server and client components. */
const UNIT_TIME_ZONE = 'UTC'

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: UNIT_TIME_ZONE })
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: UNIT_TIME_ZONE, timeZoneName: 'short' })

export function formatDate(d: Date | string | null | undefined): string {
  return d ? dateFmt.format(new Date(d)) : '—'
}

export function formatDateTime(d: Date | string | null | undefined): string {
  return d ? dateTimeFmt.format(new Date(d)) : '—'
}

export function ageInYears(dob: Date | string, now = new Date()): number {
  const b = new Date(dob)
  let years = now.getUTCFullYear() - b.getUTCFullYear()
  const m = now.getUTCMonth() - b.getUTCMonth()
  if (m < 0 || (m === 0 && now.getUTCDate() < b.getUTCDate())) years--
  return years
}

export function daysUntil(d: Date | string, now = new Date()): number {
  return Math.ceil((new Date(d).getTime() - now.getTime()) / 86_400_000)
}

/** 'GUNFIRE_NEARBY' → 'Gunfire nearby' */
export function humanize(value: string): string {
  const s = value.toLowerCase().replace(/_/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export const ROLE_LABELS: Record<string, string> = {
  OFFICER: 'Officer',
  VETERINARIAN: 'Veterinarian',
  EVIDENCE_TECH: 'Evidence technician',
  DETECTIVE: 'Detective',
  SUPERVISOR: 'Supervisor',
  ADMIN: 'Administrator',
}
