import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { LinkTargetType } from '@/lib/generated/prisma/enums'
import { AppError } from '@/lib/errors'
import type { AddCaseNoteInput, AddLinkByReferenceInput, AddLinkInput, ChangeInvestigationStatusInput, CreateInvestigationInput, RemoveLinkInput, TeamMemberInput, AddTeamMemberInput } from '@/lib/schemas/investigations'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { assertCan, roleCan } from '../policy'
import { matchUser } from '../users/match'
import { canReadTarget, manageScope, TEAM_ROLES } from './access'
import { sameText } from '../same-text'

const NO_SUCH_INVESTIGATION = 'No such investigation, or you are not on its team.'

/** The link column named by each target type (the database's check constraint allows exactly this one). */
const TARGET_COLUMN = {
  INCIDENT: 'incidentId',
  DEPLOYMENT: 'deploymentId',
  DOG: 'dogId',
  HANDLER: 'handlerId',
  MEDICAL_RECORD: 'medicalRecordId',
  ATTACHMENT: 'attachmentId',
  EVIDENCE_ITEM: 'evidenceItemId',
  LAB_RESULT: 'labResultId',
} as const satisfies Record<LinkTargetType, keyof Prisma.InvestigationLinkUncheckedCreateInput>

/**
 * The investigation, locked for this transaction, when the actor may change
 * it (investigations:manage and lead or team). SECURITY: "not yours" and
 * "does not exist" are the same NOT_FOUND.
 */
async function lockManageable(tx: Tx, actor: Actor, investigationId: string) {
  assertCan(actor, 'investigations:manage')
  const scope = manageScope(actor)
  // Serialises link changes on one investigation, so two clicks cannot link the same record twice.
  await tx.$queryRaw`SELECT id FROM "Investigation" WHERE id = ${investigationId}::uuid FOR UPDATE`
  const inv = scope && (await tx.investigation.findFirst({ where: { AND: [{ id: investigationId }, scope] }, select: { id: true, number: true, status: true, leadId: true, version: true } }))
  if (!inv) throw new AppError('NOT_FOUND', NO_SUCH_INVESTIGATION)
  return inv
}

function assertOpen(inv: { status: string }) {
  if (inv.status === 'CLOSED') throw new AppError('CONFLICT', 'This investigation is closed. Reopen it before changing it.')
}

/**
 * Link a record to an investigation with a typed relation and a note.
 * Needs investigations:manage, a seat on the investigation and read access
 * to the record (else NOT_FOUND). Audits investigations.linked.
 */
export async function addLink(actor: Actor, input: AddLinkInput): Promise<{ id: string }> {
  assertCan(actor, 'investigations:manage')
  return db.$transaction(async (tx) => {
    const inv = await lockManageable(tx, actor, input.investigationId)
    assertOpen(inv)
    if (!(await canReadTarget(tx, actor, input.targetType, input.targetId))) throw new AppError('NOT_FOUND', 'That record does not exist or you may not read it.')
    const column = TARGET_COLUMN[input.targetType]
    const existing = await tx.investigationLink.findFirst({
      where: { investigationId: inv.id, removedAt: null, relation: input.relation, [column]: input.targetId },
      select: { id: true },
    })
    if (existing) throw new AppError('CONFLICT', 'This record is already linked to the investigation with that relation.')
    const link = await tx.investigationLink.create({
      data: { investigationId: inv.id, targetType: input.targetType, relation: input.relation, note: input.note || null, [column]: input.targetId, createdById: actor.id },
      select: { id: true },
    })
    await recordAudit(tx, actor, 'investigations.linked', { type: 'Investigation', id: inv.id }, {
      details: { linkId: link.id, targetType: input.targetType, targetId: input.targetId, relation: input.relation },
    })
    return link
  })
}

/**
 * Unlink a record: the link stays, marked removed with who, when and why
 * (never deleted, so the case file shows it). Audits investigations.unlinked.
 */
export async function removeLink(actor: Actor, input: RemoveLinkInput): Promise<void> {
  assertCan(actor, 'investigations:manage')
  await db.$transaction(async (tx) => {
    const inv = await lockManageable(tx, actor, input.investigationId)
    assertOpen(inv)
    const link = await tx.investigationLink.findFirst({ where: { id: input.linkId, investigationId: inv.id, removedAt: null }, select: { id: true, targetType: true, relation: true } })
    if (!link) throw new AppError('NOT_FOUND', 'That link does not exist or was already removed.')
    const now = new Date()
    const { count } = await tx.investigationLink.updateMany({
      where: { id: link.id, removedAt: null },
      data: { removedAt: now, removedById: actor.id, removedReason: input.reason },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'Someone removed this link a moment ago.')
    await recordAudit(tx, actor, 'investigations.unlinked', { type: 'Investigation', id: inv.id }, {
      details: { linkId: link.id, targetType: link.targetType, relation: link.relation, reason: input.reason },
    })
  })
}

/** A case note by a member of the team. Audits investigations.note_added. */
export async function addCaseNote(actor: Actor, input: AddCaseNoteInput): Promise<{ id: string }> {
  assertCan(actor, 'investigations:manage')
  return db.$transaction(async (tx) => {
    const inv = await lockManageable(tx, actor, input.investigationId)
    assertOpen(inv)
    const note = await tx.caseNote.create({ data: { investigationId: inv.id, authorId: actor.id, body: input.body }, select: { id: true } })
    await recordAudit(tx, actor, 'investigations.note_added', { type: 'Investigation', id: inv.id }, { details: { noteId: note.id, length: input.body.length } })
    return note
  })
}

/**
 * Open an investigation led by the actor, numbered INV-<year>-NNNN from the
 * Counter table inside the same transaction (numbers never repeat, even
 * across app instances). Team members must be active users whose role may
 * read investigations. Audits investigations.created.
 */
export async function createInvestigation(actor: Actor, input: Omit<CreateInvestigationInput, 'members'> & { members?: string[] }, now = new Date()): Promise<{ id: string; number: string }> {
  assertCan(actor, 'investigations:manage')
  return db.$transaction(async (tx) => {
    const errors: Record<string, string[]> = {}
    const ids = new Set(input.memberIds)
    if (input.memberIds.length) {
      const users = await tx.user.findMany({ where: { id: { in: input.memberIds }, active: true }, select: { id: true, role: true } })
      const ok = users.filter((u) => roleCan(u.role, 'investigations:read'))
      if (ok.length !== ids.size) errors.memberIds = ['Choose active officers, detectives, evidence technicians or supervisors.']
    }
    for (const [i, text] of (input.members ?? []).entries()) {
      if (!text) continue
      const match = await matchUser(tx, text, TEAM_WHERE, TEAM_WHO)
      if (match.ok) ids.add(match.user.id)
      else errors[`members.${i}`] = [match.message]
    }
    if (Object.keys(errors).length) throw new AppError('VALIDATION', 'Some team members cannot be added.', errors)
    const memberIds = [...ids].filter((id) => id !== actor.id)
    const year = now.getUTCFullYear()
    const key = `investigation:${year}`
    const [row] = await tx.$queryRaw<Array<{ value: number }>>`
      INSERT INTO "Counter" ("key", "value") VALUES (${key}, 1)
      ON CONFLICT ("key") DO UPDATE SET "value" = "Counter"."value" + 1
      RETURNING "value"`
    if (!row) throw new Error('Counter upsert returned no row')
    const number = `INV-${year}-${String(row.value).padStart(4, '0')}`
    const inv = await tx.investigation.create({
      data: {
        number,
        title: input.title,
        summary: input.summary,
        status: 'OPEN',
        leadId: actor.id,
        openedAt: now,
        members: { create: [{ userId: actor.id }, ...memberIds.map((userId) => ({ userId }))] },
      },
      select: { id: true, number: true },
    })
    await recordAudit(tx, actor, 'investigations.created', { type: 'Investigation', id: inv.id }, { details: { number, memberIds } })
    return inv
  })
}

/**
 * Move an investigation between open, active, suspended and closed (closing
 * needs a disposition; reopening clears it). Optimistic: a stale `version`
 * is a CONFLICT. Audits investigations.status_changed.
 */
export async function changeInvestigationStatus(actor: Actor, input: ChangeInvestigationStatusInput): Promise<void> {
  assertCan(actor, 'investigations:manage')
  await db.$transaction(async (tx) => {
    const inv = await lockManageable(tx, actor, input.investigationId)
    const closing = input.status === 'CLOSED'
    const { count } = await tx.investigation.updateMany({
      where: { id: inv.id, version: input.version },
      data: {
        status: input.status,
        disposition: closing ? (input.disposition ?? null) : null,
        closedAt: closing ? (inv.status === 'CLOSED' ? undefined : new Date()) : null,
        version: { increment: 1 },
      },
    })
    if (count !== 1) throw new AppError('CONFLICT', 'Someone changed this investigation a moment ago. Reload the page and try again.')
    await recordAudit(tx, actor, 'investigations.status_changed', { type: 'Investigation', id: inv.id }, { details: { from: inv.status, to: input.status, disposition: closing ? input.disposition : null } })
  })
}

async function lockAsLead(tx: Tx, actor: Actor, investigationId: string) {
  const inv = await lockManageable(tx, actor, investigationId)
  // SECURITY: only the lead decides who is on the team.
  if (inv.leadId !== actor.id) throw new AppError('FORBIDDEN', 'Only the lead investigator can change the team.')
  return inv
}

/** Who may be typed onto a team: active people whose role reads investigations (the same as roleCan(…, 'investigations:read')). */
const TEAM_WHERE = { role: { in: [...TEAM_ROLES] } }
const TEAM_WHO = 'officer, detective, evidence technician or supervisor'

/** Put someone on the team (lead only). Their role must be able to read investigations. Audits investigations.member_added. */
export async function addTeamMember(actor: Actor, input: AddTeamMemberInput): Promise<void> {
  assertCan(actor, 'investigations:manage')
  await db.$transaction(async (tx) => {
    const inv = await lockAsLead(tx, actor, input.investigationId)
    let user: { id: string } | null
    if (input.userId) {
      const byId = await tx.user.findFirst({ where: { id: input.userId, active: true }, select: { id: true, role: true } })
      user = byId && roleCan(byId.role, 'investigations:read') ? byId : null
      if (!user) throw new AppError('VALIDATION', 'That person cannot be put on an investigation.', { userId: ['Choose an active officer, detective, evidence technician or supervisor.'] })
    } else {
      const match = await matchUser(tx, input.person ?? '', TEAM_WHERE, TEAM_WHO)
      if (!match.ok) throw new AppError('VALIDATION', 'Check the person’s name.', { person: [match.message] })
      user = match.user
    }
    const existing = await tx.investigationMember.findUnique({ where: { investigationId_userId: { investigationId: inv.id, userId: user.id } }, select: { userId: true } })
    if (existing) throw new AppError('CONFLICT', 'That person is already on the team.')
    await tx.investigationMember.create({ data: { investigationId: inv.id, userId: user.id } })
    await recordAudit(tx, actor, 'investigations.member_added', { type: 'Investigation', id: inv.id }, { details: { userId: user.id } })
  })
}

/** Take someone off the team (lead only; the lead stays). Audits investigations.member_removed. */
export async function removeTeamMember(actor: Actor, input: TeamMemberInput): Promise<void> {
  assertCan(actor, 'investigations:manage')
  await db.$transaction(async (tx) => {
    const inv = await lockAsLead(tx, actor, input.investigationId)
    if (input.userId === inv.leadId) throw new AppError('CONFLICT', 'The lead investigator stays on the team.')
    const { count } = await tx.investigationMember.deleteMany({ where: { investigationId: inv.id, userId: input.userId } })
    if (count !== 1) throw new AppError('NOT_FOUND', 'That person is not on the team.')
    await recordAudit(tx, actor, 'investigations.member_removed', { type: 'Investigation', id: inv.id }, { details: { userId: input.userId } })
  })
}

const NO_SUCH_REFERENCE = 'No incident, evidence item, dog or handler you may read has that number.'

/**
 * Link a record by its number (incident 2026-000018, evidence EV-2026-000001,
 * dog K9-101, handler badge B-1047), then exactly as addLink. A number that
 * names nothing and one the actor may not read get the same answer.
 */
export async function addLinkByReference(actor: Actor, input: AddLinkByReferenceInput): Promise<{ id: string; targetType: LinkTargetType }> {
  assertCan(actor, 'investigations:manage')
  const ref = input.reference.trim()
  const eq = sameText(ref)
  const [incident, item, dog, handler] = await Promise.all([
    db.incident.findFirst({ where: { number: eq, archivedAt: null }, select: { id: true } }),
    db.evidenceItem.findFirst({ where: { number: eq, archivedAt: null }, select: { id: true } }),
    db.dog.findFirst({ where: { k9Number: eq, archivedAt: null }, select: { id: true } }),
    db.handler.findFirst({ where: { badgeNumber: eq }, select: { id: true } }),
  ])
  const found: Array<{ targetType: LinkTargetType; id: string }> = [
    ...(incident ? [{ targetType: 'INCIDENT' as const, id: incident.id }] : []),
    ...(item ? [{ targetType: 'EVIDENCE_ITEM' as const, id: item.id }] : []),
    ...(dog ? [{ targetType: 'DOG' as const, id: dog.id }] : []),
    ...(handler ? [{ targetType: 'HANDLER' as const, id: handler.id }] : []),
  ]
  const target = found[0]
  if (!target) throw new AppError('VALIDATION', NO_SUCH_REFERENCE, { reference: [NO_SUCH_REFERENCE] })
  try {
    const link = await addLink(actor, { investigationId: input.investigationId, targetType: target.targetType, targetId: target.id, relation: input.relation, note: input.note })
    return { id: link.id, targetType: target.targetType }
  } catch (error) {
    // SECURITY: "exists but not yours" must read like "does not exist" (the investigation's own NOT_FOUND passes through).
    if (error instanceof AppError && error.code === 'NOT_FOUND' && error.userMessage !== NO_SUCH_INVESTIGATION) {
      throw new AppError('VALIDATION', NO_SUCH_REFERENCE, { reference: [NO_SUCH_REFERENCE] })
    }
    throw error
  }
}
