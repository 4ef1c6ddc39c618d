-- Rules the database enforces beyond what schema.prisma can express
-- (docs/decisions/002-database-invariants.md). Written by hand.
--
-- Prisma's migration diff does not model check constraints, triggers, trigger
-- functions or (without the postgresqlExtensions preview feature) extensions,
-- so none of this counts as drift for `npm run db:check`. A later migration
-- that recreates one of these tables must recreate its constraints and
-- triggers too.

-- Trigram indexes for search (pg_trgm is a trusted extension from
-- PostgreSQL 13: the database owner may create it without superuser).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ───────────── vital signs: plausible ranges for a dog ─────────────
-- Anything outside is a typing error (e.g. 38.5 typed as 385); NULL means
-- "not measured" and passes.
ALTER TABLE "VitalSign"
  ADD CONSTRAINT "VitalSign_heartRate_range" CHECK ("heartRate" BETWEEN 10 AND 400),
  ADD CONSTRAINT "VitalSign_respiratoryRate_range" CHECK ("respiratoryRate" BETWEEN 2 AND 200),
  ADD CONSTRAINT "VitalSign_temperatureC_range" CHECK ("temperatureC" BETWEEN 25 AND 45),
  ADD CONSTRAINT "VitalSign_spo2_range" CHECK ("spo2" BETWEEN 0 AND 100),
  ADD CONSTRAINT "VitalSign_systolicBp_range" CHECK ("systolicBp" BETWEEN 20 AND 350),
  ADD CONSTRAINT "VitalSign_diastolicBp_range" CHECK ("diastolicBp" BETWEEN 10 AND 250),
  ADD CONSTRAINT "VitalSign_capillaryRefillSec_range" CHECK ("capillaryRefillSec" BETWEEN 0 AND 10),
  ADD CONSTRAINT "VitalSign_painScore_range" CHECK ("painScore" BETWEEN 0 AND 10);

-- ───────────── handler assignments: at most one open per dog ─────────────
-- openDogId is set exactly while the assignment is open and then equals
-- dogId; its unique index (NULLs distinct) allows one open row per dog.
ALTER TABLE "HandlerAssignment"
  ADD CONSTRAINT "HandlerAssignment_open_has_openDogId" CHECK (("endedAt" IS NULL) = ("openDogId" IS NOT NULL)),
  ADD CONSTRAINT "HandlerAssignment_openDogId_is_dogId" CHECK ("openDogId" IS NULL OR "openDogId" = "dogId"),
  ADD CONSTRAINT "HandlerAssignment_ends_after_start" CHECK ("endedAt" IS NULL OR "endedAt" >= "startedAt");

-- ───────────── certifications ─────────────
ALTER TABLE "Certification"
  ADD CONSTRAINT "Certification_expires_after_issue" CHECK ("expiresAt" >= "issuedAt");

-- ───────────── medical records ─────────────
-- A decision (e.g. on euthanasia) is never recorded without its reason.
ALTER TABLE "MedicalRecord"
  ADD CONSTRAINT "MedicalRecord_decision_has_reason"
  CHECK ("decisionOutcome" IS NULL OR btrim(coalesce("decisionReason", '')) <> '');

-- ───────────── attachments: exactly one owner ─────────────
ALTER TABLE "Attachment"
  ADD CONSTRAINT "Attachment_exactly_one_owner"
  CHECK (num_nonnulls("medicalRecordId", "evidenceItemId", "labResultId", "incidentId") = 1);

-- ───────────── investigation links: exactly one target, the one named ─────────────
ALTER TABLE "InvestigationLink"
  ADD CONSTRAINT "InvestigationLink_exactly_one_target"
  CHECK (
    num_nonnulls("incidentId", "deploymentId", "dogId", "handlerId", "medicalRecordId", "attachmentId", "evidenceItemId", "labResultId") = 1
    AND CASE "targetType"
      WHEN 'INCIDENT' THEN "incidentId" IS NOT NULL
      WHEN 'DEPLOYMENT' THEN "deploymentId" IS NOT NULL
      WHEN 'DOG' THEN "dogId" IS NOT NULL
      WHEN 'HANDLER' THEN "handlerId" IS NOT NULL
      WHEN 'MEDICAL_RECORD' THEN "medicalRecordId" IS NOT NULL
      WHEN 'ATTACHMENT' THEN "attachmentId" IS NOT NULL
      WHEN 'EVIDENCE_ITEM' THEN "evidenceItemId" IS NOT NULL
      WHEN 'LAB_RESULT' THEN "labResultId" IS NOT NULL
      ELSE FALSE
    END
  );

-- ───────────── evidence and custody ─────────────
ALTER TABLE "EvidenceItem"
  ADD CONSTRAINT "EvidenceItem_headSequence_nonnegative" CHECK ("headSequence" >= 0);

ALTER TABLE "CustodyEvent"
  ADD CONSTRAINT "CustodyEvent_sequence_positive" CHECK ("sequence" >= 1);

-- ───────────── append-only: CustodyEvent and AuditEvent ─────────────
-- SECURITY: the chain of custody and the audit trail are never changed or
-- removed, whatever the application does; a correction is a new event.
-- Row triggers stop UPDATE and DELETE (including cascades from other
-- tables); a statement trigger stops TRUNCATE, which row triggers miss.
CREATE FUNCTION "k9_reject_append_only_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '"%" is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING HINT = 'Record a new event that corrects or supersedes the old one.';
END;
$$;

CREATE TRIGGER "CustodyEvent_append_only"
  BEFORE UPDATE OR DELETE ON "CustodyEvent"
  FOR EACH ROW EXECUTE FUNCTION "k9_reject_append_only_change"();

CREATE TRIGGER "CustodyEvent_no_truncate"
  BEFORE TRUNCATE ON "CustodyEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "k9_reject_append_only_change"();

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "k9_reject_append_only_change"();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "k9_reject_append_only_change"();
