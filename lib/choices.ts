import { DecisionOutcome, DeploymentOutcome, DeploymentTask, EvidenceCategory, Exposure, IncidentType, MedicalRecordKind, MedicationRoute } from '@/lib/generated/prisma/enums'

/*
 * The value lists and limits the forms render, shared by the client forms and
 * the zod schemas in lib/schemas. Kept apart from the schemas so that a client
 * component that only needs a list of options does not ship zod to the
 * browser (issue 10: first-load JavaScript; tests/unit/client-bundle.test.ts).
 */

export const INCIDENT_TYPES = Object.values(IncidentType)
export const DEPLOYMENT_TASKS = Object.values(DeploymentTask)
export const DEPLOYMENT_OUTCOMES = Object.values(DeploymentOutcome)
export const EXPOSURES = Object.values(Exposure)

/** The most deployments one incident form takes (a large call-out has a handful of dogs). */
export const MAX_DEPLOYMENTS = 12
/** At most this many officers are typed into one incident form. */
export const MAX_OFFICERS = 30
/** At most this many people are typed into a new investigation's team. */
export const MAX_TEAM_FIELDS = 20

export const MEDICAL_KINDS = Object.values(MedicalRecordKind)
export const DECISION_OUTCOMES = Object.values(DecisionOutcome)
export const MEDICATION_ROUTES = Object.values(MedicationRoute)
export const EVIDENCE_CATEGORIES = Object.values(EvidenceCategory)

/** Field name → the kinds that require it (the form marks them "*" as the kind changes). */
export const REQUIRED_BY_KIND: Record<MedicalRecordKind, readonly string[]> = {
  EXAM: ['findings'],
  EMERGENCY: ['presentingProblem'],
  IMAGING: ['findings'],
  SURGERY: ['procedure', 'anaesthesia'],
  EUTHANASIA_DECISION: ['decisionOutcome', 'decisionReason'],
  DISCHARGE: ['outcome'],
  FOLLOW_UP: ['findings'],
}

/** The most vital-sign readings one submit takes (the same row limit as the incident form's deployments). */
export const MAX_VITAL_ROWS = 12

/** The largest file accepted: 50 MiB. A bigger body is refused (413) as soon as it passes this. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024
