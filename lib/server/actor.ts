import 'server-only'
import type { Role } from '@/lib/generated/prisma/enums'

/** Who is asking: resolved from a live server-side session (lib/server/auth.ts). */
export type Actor = {
  id: string
  email: string
  name: string
  role: Role
  /** The Handler profile linked to this user, for officers. */
  handlerId: string | null
  sessionId: string | null
  ip: string | null
  userAgent: string | null
}

/** The actor used by scripts (seed, sweeps); never a signed-in person. */
export type SystemActor = { id: null; email: 'system'; name: 'System'; role: 'SYSTEM'; handlerId: null; sessionId: null; ip: null; userAgent: null }
export const SYSTEM_ACTOR: SystemActor = { id: null, email: 'system', name: 'System', role: 'SYSTEM', handlerId: null, sessionId: null, ip: null, userAgent: null }

export type AnyActor = Actor | SystemActor
