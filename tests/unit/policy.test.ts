import { describe, expect, it } from 'vitest'
import { Role } from '@/lib/generated/prisma/enums'
import { assertCan, can, PERMISSIONS, permissionsOf, roleCan, type Permission } from '@/lib/server/policy'
import { seesAllEvidence } from '@/lib/server/evidence/scope'

/**
 * The access table, written out by hand (DESIGN.md "Access model", refined in
 * docs/decisions/005-access-model.md). A change to lib/server/policy.ts must
 * be made here too, on purpose: this test fails on any cell that differs.
 *
 * Columns: OFF officer · VET veterinarian · EVT evidence technician ·
 *          DET detective · SUP supervisor · ADM administrator
 */
const EXPECTED: Record<Permission, [OFF: 0 | 1, VET: 0 | 1, EVT: 0 | 1, DET: 0 | 1, SUP: 0 | 1, ADM: 0 | 1]> = {
  //                               OFF VET EVT DET SUP ADM
  'dogs:read':                    [1, 1, 1, 1, 1, 0],
  'dogs:manage':                  [0, 0, 0, 0, 1, 0],
  'handlers:read':                [1, 0, 1, 1, 1, 0],
  'handlers:manage':              [0, 0, 0, 0, 1, 0],
  'incidents:read':               [1, 0, 1, 1, 1, 0],
  'incidents:create':             [1, 0, 0, 0, 1, 0],
  'incidents:edit':               [1, 0, 0, 0, 1, 0],
  'medical:read':                 [1, 1, 0, 1, 1, 0],
  'medical:write':                [0, 1, 0, 0, 0, 0],
  'evidence:read':                [1, 1, 1, 1, 1, 0],
  'evidence:collect':             [1, 1, 1, 0, 0, 0],
  'evidence:transfer':            [1, 0, 1, 1, 0, 0],
  'evidence:manage':              [0, 0, 1, 0, 0, 0],
  'evidence:lab':                 [0, 0, 1, 1, 0, 0],
  'evidence:approve-disposition': [0, 0, 0, 0, 1, 0],
  'evidence:verify':              [0, 0, 1, 1, 1, 0],
  'investigations:read':          [1, 0, 1, 1, 1, 0],
  'investigations:manage':        [0, 0, 0, 1, 0, 0],
  'alerts:read':                  [1, 1, 0, 1, 1, 0],
  'alerts:acknowledge':           [1, 0, 0, 0, 1, 0],
  'search:use':                   [1, 1, 1, 1, 1, 0],
  'users:manage':                 [0, 0, 0, 0, 0, 1],
  'audit:read':                   [0, 0, 0, 0, 1, 1],
}

const ROLES = ['OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR', 'ADMIN'] as const

describe('policy table', () => {
  it('covers every role and every permission', () => {
    expect([...ROLES].sort()).toEqual(Object.values(Role).sort())
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort())
  })

  const cells = ROLES.flatMap((role, column) => PERMISSIONS.map((permission) => ({ role, permission, allowed: EXPECTED[permission][column] === 1 })))

  it.each(cells)('$role · $permission → $allowed', ({ role, permission, allowed }) => {
    expect(roleCan(role, permission)).toBe(allowed)
    expect(can({ role }, permission)).toBe(allowed)
    expect(permissionsOf(role).includes(permission)).toBe(allowed)
    if (allowed) expect(() => assertCan({ role }, permission)).not.toThrow()
    else expect(() => assertCan({ role }, permission)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
  })

  it('administrators see no case records; only they manage users', () => {
    expect(permissionsOf('ADMIN')).toEqual(['users:manage', 'audit:read'])
    for (const role of ROLES) if (role !== 'ADMIN') expect(roleCan(role, 'users:manage')).toBe(false)
  })

  it('only those who see every evidence item may verify every chain (the report names any item)', () => {
    // Two sources of truth for one set of roles: the permission (policy) and the evidence scope.
    for (const role of ROLES) expect({ role, verify: roleCan(role, 'evidence:verify') }).toEqual({ role, verify: seesAllEvidence({ role }) })
  })
})
