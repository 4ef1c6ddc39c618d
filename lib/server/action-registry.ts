import 'server-only'
import { randomUUID } from 'node:crypto'
import { CancelTransferSchema, CarryOutDispositionSchema, CheckInEvidenceSchema, DeclineTransferSchema, CheckOutEvidenceSchema, CollectEvidenceSchema, ConfirmReceiptSchema, CreateStorageLocationSchema, DecideDispositionSchema, RequestDispositionSchema, RecordLabResultSchema, ReturnFromLabSchema, StoreEvidenceSchema, SubmitToLabSchema, TransferEvidenceSchema } from '@/lib/schemas/evidence'
import { AddCaseNoteSchema, AddLinkByReferenceSchema, AddLinkSchema, ChangeInvestigationStatusSchema, CreateInvestigationSchema, RemoveLinkSchema, TeamMemberSchema, AddTeamMemberSchema } from '@/lib/schemas/investigations'
import { AddCertificationSchema, AssignHandlerSchema, ChangeDogStatusSchema, CreateDogSchema, EditDogSchema, RenewCertificationSchema, SetFitForDutySchema } from '@/lib/schemas/dogs'
import { CreateHandlerSchema, EditHandlerSchema } from '@/lib/schemas/handlers'
import { AddDeploymentSchema, ChangeIncidentStatusSchema, EditDeploymentSchema, EditIncidentSchema, LogIncidentSchema } from '@/lib/schemas/incidents'
import { AuditFilterSchema } from '@/lib/schemas/users'
import { AcknowledgeAlertSchema } from '@/lib/schemas/alerts'
import { AddMedicationSchema, AddVitalSignsSchema, AmendMedicalRecordSchema, CreateMedicalRecordSchema, RecordRecoveredItemSchema } from '@/lib/schemas/medical'
import { acknowledgeAlert } from './alerts/commands'
import type { Actor } from './actor'
import { exportAuditCsv } from './audit-queries'
import {
  cancelTransfer,
  carryOutDisposition,
  checkInEvidence,
  checkOutEvidence,
  collectEvidence,
  confirmReceipt,
  createStorageLocation,
  decideDisposition,
  declineTransfer,
  recordLabResult,
  requestDisposition,
  returnFromLab,
  storeEvidence,
  submitToLab,
  transferEvidence,
} from './evidence/commands'
import { requestChainVerification } from './evidence/verification-runs'
import { addCaseNote, addLink, addLinkByReference, addTeamMember, changeInvestigationStatus, createInvestigation, removeLink, removeTeamMember } from './investigations/commands'
import { addCertification, assignHandler, changeDogStatus, createDog, editDog, renewCertification, setDogPhoto, setFitForDuty } from './dogs/commands'
import { createHandler, editHandler } from './handlers/commands'
import { addDeployment, closeIncident, editDeployment, editIncident, logIncident, reopenIncident } from './incidents/commands'
import { addMedication, addVitalSigns, amendMedicalRecord, createMedicalRecord, recordRecoveredItem } from './medical/commands'
import { regenerateRecoveryCodes } from './mfa'
import type { Permission } from './policy'
import { changeRole, createUser, deactivateUser, endMyOtherSessions, endUserSessions, reactivateUser, resetMfa, resetPassword, unlockUser } from './users/commands'

/**
 * Every server action and route handler, and what guards it
 * (docs/decisions/005-access-model.md, "The authorization matrix").
 * tests/integration/auth-matrix.test.ts scans app/**\/actions.ts and
 * app/**\/route.ts and FAILS when an export has no entry here, when an entry
 * names an export that no longer exists, or when the code does not ask for
 * the session this entry says it needs. For each entry with a probe it calls
 * the command behind the action as each of the six roles and checks the
 * answer: a role with the access gets `allowed`, a role without gets
 * `denied` (FORBIDDEN unless the command hides the record: NOT_FOUND).
 *
 * ADDING AN ACTION OR A ROUTE HANDLER
 *   key     '<path from the repo root>#<export name>', e.g.
 *           'app/(app)/dogs/[dogId]/actions.ts#updateDogAction' or
 *           'app/api/exports/case-file/route.ts#GET'
 *   access  the permission the command asserts (lib/server/policy.ts), or
 *           'authenticated'  any signed-in user (their own account),
 *           'public'         no session (sign-in, sign-out),
 *           'sign-in-step'   a session still completing sign-in (MFA, forced password change),
 *           'record-rule'    a rule on the record itself decides (say which in `why`).
 *   probe   the command the action calls, given ids that do not exist
 *           (NIL) and otherwise valid input — parse it with the action's own
 *           schema so the probe breaks when the input changes. `allowed` is
 *           what a permitted role gets: usually 'NOT_FOUND' (no such record,
 *           the same answer as a record out of scope), 'OK' for creates.
 *   Route handlers: the test also reads the permission passed to
 *   authorizeRoute(request, '<permission>') and compares it with `access`.
 */

export type ProbeOutcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'VALIDATION'

export type Access = Permission | 'authenticated' | 'public' | 'sign-in-step' | 'record-rule'

export type RegistryEntry = {
  access: Access
  /** Required for 'record-rule': which rule, and which tests cover it. */
  why?: string
  probe?: {
    run: (actor: Actor) => Promise<unknown>
    allowed: ProbeOutcome
    denied?: ProbeOutcome
  }
}

/** An id that names no record. */
export const NIL = '00000000-0000-7000-8000-000000000000'

const target = { userId: NIL, version: 1 }
let probeSeq = 0
const uniqueEmail = () => `matrix-probe-${Date.now()}-${probeSeq++}@k9.test`

const CUSTODY_RULE = 'Only the current custodian or an evidence technician moves an item, a hand-over is confirmed by the person it names, and items outside the actor’s evidence scope answer NOT_FOUND (lib/server/evidence/scope.ts refusalOf; tests/integration/evidence*.test.ts).'

export const ACTION_REGISTRY: Record<string, RegistryEntry> = {
  // ── sign-in (issue 3) ──
  'app/(auth)/actions.ts#signInAction': { access: 'public' },
  'app/(auth)/actions.ts#signOutAction': { access: 'public' },
  'app/(auth)/actions.ts#verifyMfaAction': { access: 'sign-in-step' },
  'app/(auth)/actions.ts#changePasswordAction': { access: 'sign-in-step' },
  'app/(auth)/actions.ts#confirmMfaSetupAction': { access: 'sign-in-step' },

  // ── own account (issue 3) ──
  'app/(app)/account/actions.ts#regenerateRecoveryCodesAction': {
    access: 'authenticated',
    probe: { run: (actor) => regenerateRecoveryCodes(actor), allowed: 'CONFLICT' }, // no MFA yet: "set it up first"
  },
  'app/(app)/account/actions.ts#endOtherSessionsAction': { access: 'authenticated', probe: { run: (actor) => endMyOtherSessions(actor), allowed: 'OK' } },

  // ── user administration (issue 3) ──
  'app/(app)/admin/users/actions.ts#createUserAction': {
    access: 'users:manage',
    probe: { run: (actor) => createUser(actor, { email: uniqueEmail(), name: 'Matrix Probe', role: 'OFFICER', handlerId: null }), allowed: 'OK' },
  },
  'app/(app)/admin/users/actions.ts#changeRoleAction': { access: 'users:manage', probe: { run: (actor) => changeRole(actor, { ...target, role: 'DETECTIVE' }), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/users/actions.ts#deactivateUserAction': { access: 'users:manage', probe: { run: (actor) => deactivateUser(actor, target), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/users/actions.ts#reactivateUserAction': { access: 'users:manage', probe: { run: (actor) => reactivateUser(actor, target), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/users/actions.ts#unlockUserAction': { access: 'users:manage', probe: { run: (actor) => unlockUser(actor, target), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/users/actions.ts#resetMfaAction': { access: 'users:manage', probe: { run: (actor) => resetMfa(actor, target), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/users/actions.ts#resetPasswordAction': { access: 'users:manage', probe: { run: (actor) => resetPassword(actor, target), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/users/actions.ts#endUserSessionsAction': { access: 'users:manage', probe: { run: (actor) => endUserSessions(actor, target), allowed: 'NOT_FOUND' } },
  'app/(app)/admin/audit/export/route.ts#GET': {
    access: 'audit:read',
    probe: {
      run: async (actor) => {
        const lines = await exportAuditCsv(actor, AuditFilterSchema.parse({ action: 'matrix.none' }))
        await lines.return(undefined)
      },
      allowed: 'OK',
    },
  },

  // ── medical (issue 5) ──
  'app/(app)/medical/actions.ts#createMedicalRecordAction': {
    access: 'medical:write',
    // No such dog: a vet is told to choose one from the list.
    probe: { run: (a) => createMedicalRecord(a, CreateMedicalRecordSchema.parse({ idempotencyKey: randomUUID(), dogId: NIL, veterinarianId: NIL, kind: 'EXAM', occurredAt: '2026-01-01T08:00', clinic: 'Probe clinic', findings: 'Probe' })), allowed: 'VALIDATION' },
  },
  'app/(app)/medical/[recordId]/actions.ts#amendMedicalRecordAction': {
    access: 'medical:write',
    why: 'Then only the veterinarian who signed the record (FORBIDDEN for another vet; tests/integration/medical.test.ts, "amendments").',
    probe: {
      run: (a) => amendMedicalRecord(a, AmendMedicalRecordSchema.parse({ recordId: NIL, version: '1', reason: 'Probe', kind: 'EXAM', occurredAt: '2026-01-01T08:00', clinic: 'Probe clinic', findings: 'Probe' })),
      allowed: 'NOT_FOUND',
    },
  },
  'app/(app)/medical/[recordId]/actions.ts#addVitalSignsAction': {
    access: 'medical:write',
    probe: { run: (a) => addVitalSigns(a, AddVitalSignsSchema.parse({ idempotencyKey: randomUUID(), recordId: NIL, 'vitals.0.takenAt': '2026-01-01T08:00', 'vitals.0.heartRate': '90' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/medical/[recordId]/actions.ts#addMedicationAction': {
    access: 'medical:write',
    probe: {
      run: (a) => addMedication(a, AddMedicationSchema.parse({ idempotencyKey: randomUUID(), recordId: NIL, drug: 'Probe', dose: '1 mg', route: 'IV', givenAt: '2026-01-01T08:00', givenBy: 'Probe' })),
      allowed: 'NOT_FOUND',
    },
  },
  'app/(app)/medical/[recordId]/actions.ts#recordRecoveredItemAction': {
    access: 'medical:write',
    why: 'Also needs evidence:collect, and the record must be a surgery in the actor’s medical scope (tests/integration/medical.test.ts, "recovered in surgery").',
    probe: {
      run: (a) =>
        recordRecoveredItem(a, RecordRecoveredItemSchema.parse({ idempotencyKey: randomUUID(), recordId: NIL, description: 'Probe', category: 'BALLISTIC', sealNumber: 'P-1', recoveredAt: '2026-01-01T08:00' })),
      allowed: 'NOT_FOUND',
    },
  },
  'app/api/attachments/[attachmentId]/route.ts#GET': {
    access: 'record-rule',
    why: 'Any signed-in user; then the attachment’s owner decides (lib/server/uploads/queries.ts attachmentScope): a medical record in the medical scope, an evidence item or its lab result in the evidence scope, an incident with incidents:read; else 404. tests/integration/uploads.test.ts.',
  },
  'app/api/lookup/route.ts#GET': {
    access: 'record-rule',
    why: 'Any signed-in user; then the kind decides (lib/server/lookup.ts mayLookUp): dogs with dogs:read, handlers with handlers:read, handlers without an account with users:manage, people who may hold evidence with evidence:transfer, custodians with evidence:read, team members with investigations:manage; else 404. Suggestions only: every form resolves the text again in its command. tests/integration/lookup.test.ts.',
  },
  'app/api/uploads/route.ts#POST': {
    access: 'record-rule',
    why: 'The target’s permission (lib/server/uploads/targets.ts TARGET_PERMISSION, else 404), then the record: in scope (else 404) and the record rule — medical record: medical:write; evidence item: its custodian, its collector or an evidence technician; lab result: evidence:lab; incident: mayEdit (else 403). tests/integration/uploads.test.ts.',
  },

  // ── evidence custody ──
  'app/(app)/evidence/new/actions.ts#collectEvidenceAction': {
    access: 'evidence:collect',
    probe: { run: (a) => collectEvidence(a, CollectEvidenceSchema.parse({ description: 'Matrix probe', category: 'OTHER', collectedAtPlace: 'Probe', sealIntact: 'yes' })), allowed: 'OK' },
  },
  'app/(app)/evidence/verification/actions.ts#verifyAllChainsAction': {
    access: 'evidence:verify',
    probe: { run: (a) => requestChainVerification(a), allowed: 'OK' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#transferEvidenceAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => transferEvidence(a, TransferEvidenceSchema.parse({ evidenceId: NIL, version: '1', toUserId: NIL, place: 'Probe', purpose: 'Probe', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#confirmReceiptAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => confirmReceipt(a, ConfirmReceiptSchema.parse({ evidenceId: NIL, version: '1', place: 'Probe', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#cancelTransferAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => cancelTransfer(a, CancelTransferSchema.parse({ evidenceId: NIL, version: '1', reason: 'Probe', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#declineTransferAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => declineTransfer(a, DeclineTransferSchema.parse({ evidenceId: NIL, version: '1', reason: 'Probe', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#storeEvidenceAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => storeEvidence(a, StoreEvidenceSchema.parse({ evidenceId: NIL, version: '1', locationId: NIL, sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#checkOutEvidenceAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => checkOutEvidence(a, CheckOutEvidenceSchema.parse({ evidenceId: NIL, version: '1', purpose: 'Probe', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#checkInEvidenceAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => checkInEvidence(a, CheckInEvidenceSchema.parse({ evidenceId: NIL, version: '1', locationId: NIL, sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#submitToLabAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => submitToLab(a, SubmitToLabSchema.parse({ evidenceId: NIL, version: '1', lab: 'Probe lab', question: 'Probe?', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#returnFromLabAction': {
    access: 'record-rule',
    why: CUSTODY_RULE,
    probe: { run: (a) => returnFromLab(a, ReturnFromLabSchema.parse({ evidenceId: NIL, version: '1', sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#recordLabResultAction': {
    access: 'evidence:lab',
    probe: {
      run: (a) =>
        recordLabResult(a, RecordLabResultSchema.parse({ evidenceId: NIL, requestId: NIL, examiner: 'Probe', method: 'Probe', findings: 'Probe', conclusion: 'Probe' })),
      allowed: 'NOT_FOUND',
    },
  },
  'app/(app)/evidence/locations/actions.ts#createStorageLocationAction': {
    access: 'evidence:manage',
    probe: { run: (a) => createStorageLocation(a, CreateStorageLocationSchema.parse({ code: `PROBE-${Date.now()}-${probeSeq++}`, room: 'Probe room' })), allowed: 'OK' },
  },
  'app/(app)/investigations/[investigationId]/mentions/route.ts#GET': {
    access: 'investigations:manage',
    why: 'Then a seat on the investigation (lead or team, lib/server/investigations/access.ts manageScope), else 404; results are limited to what the actor may read (lib/server/investigations/mentions.ts). tests/integration/investigations.test.ts.',
  },
  'app/(app)/evidence/[evidenceId]/custody-report/route.ts#GET': {
    access: 'evidence:read',
    why: 'Then the item must be in the actor’s evidence scope (lib/server/evidence/scope.ts), else 404.',
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#requestDispositionAction': {
    access: 'evidence:manage',
    probe: { run: (a) => requestDisposition(a, RequestDispositionSchema.parse({ evidenceId: NIL, method: 'DESTROY', reason: 'Probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#decideDispositionAction': {
    access: 'evidence:approve-disposition',
    probe: { run: (a) => decideDisposition(a, DecideDispositionSchema.parse({ evidenceId: NIL, requestId: NIL, requestVersion: '1', decision: 'approve' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/evidence/[evidenceId]/actions.ts#carryOutDispositionAction': {
    access: 'record-rule',
    why: `${CUSTODY_RULE} Releasing or disposing needs an evidence technician and a request approved by a supervisor who did not ask for it (tests/integration/evidence.test.ts, "disposition").`,
    probe: { run: (a) => carryOutDisposition(a, CarryOutDispositionSchema.parse({ evidenceId: NIL, version: '1', requestId: NIL, sealIntact: 'yes' })), allowed: 'NOT_FOUND' },
  },

  // ── incidents and deployments (issue 4) ──
  // Editing: supervisors any incident, officers those they reported or are listed on (lib/server/incidents/commands.ts mayEdit; tests/integration/incidents.test.ts).
  'app/(app)/incidents/new/actions.ts#logIncidentAction': {
    access: 'incidents:create',
    probe: {
      run: (a) =>
        logIncident(
          a,
          LogIncidentSchema.parse({ idempotencyKey: crypto.randomUUID(), type: 'OTHER', occurredAt: '2026-01-01T10:00', locationText: 'Probe', narrative: 'Probe', deployments: [{ dogId: NIL, handlerId: NIL, task: 'SEARCH', outcome: 'NO_FIND' }] }),
        ),
      allowed: 'VALIDATION', // no such dog: the message goes next to the dog field
    },
  },
  'app/(app)/incidents/[incidentId]/actions.ts#closeIncidentAction': {
    access: 'incidents:edit',
    probe: { run: (a) => closeIncident(a, ChangeIncidentStatusSchema.parse({ incidentId: NIL, version: '1', reason: 'Probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/incidents/[incidentId]/actions.ts#reopenIncidentAction': {
    access: 'incidents:edit',
    probe: { run: (a) => reopenIncident(a, ChangeIncidentStatusSchema.parse({ incidentId: NIL, version: '1', reason: 'Probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/incidents/[incidentId]/edit/actions.ts#editIncidentAction': {
    access: 'incidents:edit',
    probe: { run: (a) => editIncident(a, EditIncidentSchema.parse({ incidentId: NIL, version: '1', type: 'OTHER', occurredAt: '2026-01-01T10:00', locationText: 'Probe', narrative: 'Probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/incidents/[incidentId]/edit/actions.ts#addDeploymentAction': {
    access: 'incidents:edit',
    probe: { run: (a) => addDeployment(a, AddDeploymentSchema.parse({ incidentId: NIL, dogId: NIL, task: 'SEARCH', outcome: 'NO_FIND' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/incidents/[incidentId]/edit/actions.ts#editDeploymentAction': {
    access: 'incidents:edit',
    probe: { run: (a) => editDeployment(a, EditDeploymentSchema.parse({ incidentId: NIL, deploymentId: NIL, version: '1', dogId: NIL, task: 'SEARCH', outcome: 'NO_FIND' })), allowed: 'NOT_FOUND' },
  },

  // ── the unit: dogs and handlers (issue 4) ──
  'app/(app)/dogs/[dogId]/actions.ts#changeDogStatusAction': {
    access: 'dogs:manage',
    probe: { run: (a) => changeDogStatus(a, ChangeDogStatusSchema.parse({ dogId: NIL, version: '1', toStatus: 'RESTRICTED', reason: 'Matrix probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/dogs/[dogId]/actions.ts#setFitForDutyAction': {
    access: 'dogs:manage',
    probe: { run: (a) => setFitForDuty(a, SetFitForDutySchema.parse({ dogId: NIL, version: '1', fitForDuty: 'no' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/dogs/[dogId]/actions.ts#assignHandlerAction': {
    access: 'dogs:manage',
    probe: { run: (a) => assignHandler(a, AssignHandlerSchema.parse({ dogId: NIL, handlerId: NIL, startedAt: '2026-01-01' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/dogs/[dogId]/actions.ts#addCertificationAction': {
    access: 'dogs:manage',
    probe: { run: (a) => addCertification(a, AddCertificationSchema.parse({ dogId: NIL, kind: 'Probe', issuer: 'Probe', issuedAt: '2026-01-01', expiresAt: '2027-01-01' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/dogs/[dogId]/actions.ts#renewCertificationAction': {
    access: 'dogs:manage',
    probe: { run: (a) => renewCertification(a, RenewCertificationSchema.parse({ dogId: NIL, certificationId: NIL, version: '1', issuedAt: '2026-01-01', expiresAt: '2027-01-01' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/dogs/actions.ts#createDogAction': {
    access: 'dogs:manage',
    probe: { run: (a) => createDog(a, CreateDogSchema.parse({ k9Number: `P-${Date.now()}-${probeSeq++}`, name: 'Probe', breed: 'Probe', sex: 'MALE', dateOfBirth: '2020-01-01' })), allowed: 'OK' },
  },
  'app/(app)/dogs/actions.ts#editDogAction': {
    access: 'dogs:manage',
    probe: { run: (a) => editDog(a, EditDogSchema.parse({ dogId: NIL, version: '1', k9Number: 'P-1', name: 'Probe', breed: 'Probe', sex: 'MALE', dateOfBirth: '2020-01-01' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/dogs/[dogId]/photo/route.ts#GET': { access: 'dogs:read' },
  'app/(app)/dogs/[dogId]/photo/route.ts#POST': {
    access: 'dogs:manage',
    // A PNG signature: passes the type sniffing, then the dog is not found.
    probe: { run: (a) => setDogPhoto(a, { dogId: NIL, version: 1 }, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])), allowed: 'NOT_FOUND' },
  },
  'app/(app)/handlers/actions.ts#createHandlerAction': {
    access: 'handlers:manage',
    probe: { run: (a) => createHandler(a, CreateHandlerSchema.parse({ badgeNumber: `P-${Date.now()}-${probeSeq++}`, firstName: 'Matrix', lastName: 'Probe', rank: 'Officer', unit: 'Probe' })), allowed: 'OK' },
  },
  'app/(app)/handlers/actions.ts#editHandlerAction': {
    access: 'handlers:manage',
    probe: { run: (a) => editHandler(a, EditHandlerSchema.parse({ handlerId: NIL, version: '1', badgeNumber: 'P-1', firstName: 'Matrix', lastName: 'Probe', rank: 'Officer', unit: 'Probe' })), allowed: 'NOT_FOUND' },
  },

  // ── investigations ──
  'app/(app)/investigations/actions.ts#createInvestigationAction': {
    access: 'investigations:manage',
    probe: { run: (a) => createInvestigation(a, CreateInvestigationSchema.parse({ title: 'Matrix probe', summary: 'Created by the authorization matrix test.' })), allowed: 'OK' },
  },
  'app/(app)/investigations/actions.ts#addLinkAction': {
    access: 'investigations:manage',
    probe: { run: (a) => addLink(a, AddLinkSchema.parse({ investigationId: NIL, targetType: 'DOG', targetId: NIL, relation: 'RELATED' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/investigations/actions.ts#removeLinkAction': {
    access: 'investigations:manage',
    probe: { run: (a) => removeLink(a, RemoveLinkSchema.parse({ investigationId: NIL, linkId: NIL, reason: 'Probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/investigations/actions.ts#addCaseNoteAction': {
    access: 'investigations:manage',
    probe: { run: (a) => addCaseNote(a, AddCaseNoteSchema.parse({ investigationId: NIL, body: 'Probe' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/investigations/actions.ts#addLinkByReferenceAction': {
    access: 'investigations:manage',
    probe: { run: (a) => addLinkByReference(a, AddLinkByReferenceSchema.parse({ investigationId: NIL, reference: 'NO-SUCH-NUMBER', relation: 'RELATED' })), allowed: 'VALIDATION' },
  },
  'app/(app)/investigations/actions.ts#changeStatusAction': {
    access: 'investigations:manage',
    probe: { run: (a) => changeInvestigationStatus(a, ChangeInvestigationStatusSchema.parse({ investigationId: NIL, status: 'ACTIVE', version: '1' })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/investigations/actions.ts#addTeamMemberAction': {
    access: 'investigations:manage',
    probe: { run: (a) => addTeamMember(a, AddTeamMemberSchema.parse({ investigationId: NIL, userId: NIL })), allowed: 'NOT_FOUND' },
  },
  'app/(app)/investigations/actions.ts#removeTeamMemberAction': {
    access: 'investigations:manage',
    probe: { run: (a) => removeTeamMember(a, TeamMemberSchema.parse({ investigationId: NIL, userId: NIL })), allowed: 'NOT_FOUND' },
  },
  // ── welfare alerts (issue 8) ──
  'app/(app)/alerts/actions.ts#acknowledgeAlertAction': {
    access: 'alerts:acknowledge',
    probe: { run: (a) => acknowledgeAlert(a, AcknowledgeAlertSchema.parse({ alertId: NIL, version: '1', note: 'Matrix probe note' })), allowed: 'NOT_FOUND' },
  },
  // Then lead, team or supervisor (lib/server/investigations/access.ts investigationScope), else 404; medical detail only within the medical scope (tests/integration/investigations.test.ts, "case file").
  'app/(app)/investigations/[investigationId]/case-file/route.ts#GET': { access: 'investigations:read' },
}
