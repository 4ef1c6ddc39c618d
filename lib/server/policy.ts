import 'server-only'
import type { Role } from '@/lib/generated/prisma/enums'
import { AppError } from '@/lib/errors'
import type { Actor } from './actor'

/**
 * Role → permissions (DESIGN.md access model; refinements in
 * docs/decisions/005-access-model.md). Record-level scope (an officer's own
 * incidents, the dogs they handle, an investigation's team) is applied in the
 * queries, so that a record outside someone's scope answers 404.
 */
export const PERMISSIONS = [
  'dogs:read',
  'dogs:manage',
  'handlers:read',
  'handlers:manage',
  'incidents:read',
  'incidents:create',
  'incidents:edit',
  'medical:read',
  'medical:write',
  'evidence:read',
  'evidence:collect',
  'evidence:transfer',
  'evidence:manage',
  'evidence:lab',
  'evidence:approve-disposition',
  'evidence:verify',
  'investigations:read',
  'investigations:manage',
  'alerts:read',
  'alerts:acknowledge',
  'search:use',
  'users:manage',
  'audit:read',
] as const

export type Permission = (typeof PERMISSIONS)[number]

const TABLE: Record<Role, readonly Permission[]> = {
  OFFICER: [
    'dogs:read', 'handlers:read',
    'incidents:read', 'incidents:create', 'incidents:edit', // edit: own incidents only (scoped in commands)
    'medical:read', // dogs they handle or handled (scoped in queries)
    'evidence:read', 'evidence:collect', 'evidence:transfer', // what they hold
    'investigations:read', // those they are on
    'alerts:read', 'alerts:acknowledge', 'search:use',
  ],
  VETERINARIAN: [
    'dogs:read',
    'medical:read', 'medical:write',
    'evidence:read', 'evidence:collect', // items they recovered
    'alerts:read', 'search:use',
  ],
  EVIDENCE_TECH: [
    'dogs:read', 'handlers:read', 'incidents:read',
    'evidence:read', 'evidence:collect', 'evidence:transfer', 'evidence:manage', 'evidence:lab', 'evidence:verify',
    'investigations:read', 'search:use',
  ],
  DETECTIVE: [
    'dogs:read', 'handlers:read', 'incidents:read', 'medical:read',
    'evidence:read', 'evidence:transfer', 'evidence:lab', 'evidence:verify',
    'investigations:read', 'investigations:manage',
    'alerts:read', 'search:use',
  ],
  SUPERVISOR: [
    'dogs:read', 'dogs:manage', 'handlers:read', 'handlers:manage',
    'incidents:read', 'incidents:create', 'incidents:edit',
    'medical:read',
    'evidence:read', 'evidence:approve-disposition', 'evidence:verify',
    'investigations:read',
    'alerts:read', 'alerts:acknowledge', 'search:use',
    'audit:read',
  ],
  ADMIN: ['users:manage', 'audit:read'],
}

const SETS = {} as Record<Role, ReadonlySet<Permission>>
for (const role of Object.keys(TABLE) as Role[]) SETS[role] = new Set<Permission>(TABLE[role])

export function roleCan(role: Role, permission: Permission): boolean {
  return SETS[role].has(permission)
}

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return roleCan(actor.role, permission)
}

/** The FORBIDDEN that assertCan throws; it names the permission for the audit trail (lib/server/action.ts failure()). */
export class PermissionDenied extends AppError {
  constructor(public readonly permission: Permission) {
    super('FORBIDDEN', 'Your role does not allow this.')
    this.name = 'PermissionDenied'
  }
}

/** Throws FORBIDDEN (PermissionDenied). Pages that must not reveal a record's existence use notFound() instead. */
export function assertCan(actor: Pick<Actor, 'role'>, permission: Permission): void {
  if (!can(actor, permission)) throw new PermissionDenied(permission)
}

export function permissionsOf(role: Role): readonly Permission[] {
  return TABLE[role]
}
