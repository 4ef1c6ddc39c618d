-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "DogStatus" AS ENUM ('ACTIVE', 'RESTRICTED', 'UNFIT', 'RETIRED', 'DECEASED');

-- CreateEnum
CREATE TYPE "DogSex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "DogSpecialty" AS ENUM ('PATROL', 'APPREHENSION', 'TRACKING', 'NARCOTICS', 'EXPLOSIVES', 'SEARCH_AND_RESCUE', 'CADAVER', 'ELECTRONICS');

-- CreateEnum
CREATE TYPE "IncidentType" AS ENUM ('ARMED_SUSPECT', 'BURGLARY', 'KIDNAPPING', 'MISSING_PERSON', 'PURSUIT', 'DRUG_SEARCH', 'EXPLOSIVES_SWEEP', 'BUILDING_SEARCH', 'PUBLIC_ORDER', 'FIRE', 'TRAINING', 'OTHER');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "DeploymentTask" AS ENUM ('TRACK', 'SEARCH', 'APPREHENSION', 'DETECTION', 'PROTECTION', 'CROWD_CONTROL', 'OTHER');

-- CreateEnum
CREATE TYPE "DeploymentOutcome" AS ENUM ('FOUND', 'APPREHENDED', 'BITE', 'NO_FIND', 'RECALLED', 'NOT_DEPLOYED', 'OTHER');

-- CreateEnum
CREATE TYPE "Exposure" AS ENUM ('STRUCK', 'SHOT_AT', 'GUNFIRE_NEARBY', 'BITTEN', 'FALL', 'HEAT', 'SMOKE', 'CHEMICAL', 'OTHER');

-- CreateEnum
CREATE TYPE "MedicalRecordKind" AS ENUM ('EXAM', 'EMERGENCY', 'IMAGING', 'SURGERY', 'EUTHANASIA_DECISION', 'DISCHARGE', 'FOLLOW_UP');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('PERFORMED', 'HALTED', 'DEFERRED');

-- CreateEnum
CREATE TYPE "MedicationRoute" AS ENUM ('IV', 'IM', 'SC', 'PO', 'INHALED', 'TOPICAL', 'OTHER');

-- CreateEnum
CREATE TYPE "AttachmentModality" AS ENUM ('XRAY', 'CT', 'MRI', 'ULTRASOUND', 'PHOTO', 'DOCUMENT', 'OTHER');

-- CreateEnum
CREATE TYPE "EvidenceCategory" AS ENUM ('BALLISTIC', 'WEAPON', 'BIOLOGICAL', 'TRACE', 'DRUGS', 'DOCUMENT', 'DIGITAL', 'OTHER');

-- CreateEnum
CREATE TYPE "EvidenceStatus" AS ENUM ('IN_CUSTODY', 'IN_TRANSIT', 'AT_LAB', 'RELEASED', 'DISPOSED');

-- CreateEnum
CREATE TYPE "CustodyAction" AS ENUM ('COLLECTED', 'TRANSFERRED', 'RECEIVED', 'STORED', 'CHECKED_OUT', 'CHECKED_IN', 'SUBMITTED_TO_LAB', 'RETURNED_FROM_LAB', 'RELEASED', 'DISPOSED');

-- CreateEnum
CREATE TYPE "DispositionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CARRIED_OUT');

-- CreateEnum
CREATE TYPE "LabRequestStatus" AS ENUM ('REQUESTED', 'SUBMITTED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "InvestigationStatus" AS ENUM ('OPEN', 'ACTIVE', 'SUSPENDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "LinkTargetType" AS ENUM ('INCIDENT', 'DEPLOYMENT', 'DOG', 'HANDLER', 'MEDICAL_RECORD', 'ATTACHMENT', 'EVIDENCE_ITEM', 'LAB_RESULT');

-- CreateEnum
CREATE TYPE "LinkRelation" AS ENUM ('INJURED_DURING', 'IMAGED_IN', 'RECOVERED_FROM', 'SUBMITTED_AS', 'LEAD', 'SUBJECT', 'RELATED');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('VET_CHECK_DUE', 'CERTIFICATION_EXPIRING');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('OPEN', 'RESOLVED', 'ACKNOWLEDGED');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'FAILURE', 'DENIED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "passwordChangedAt" TIMESTAMPTZ(3),
    "mfaSecret" TEXT,
    "mfaEnabledAt" TIMESTAMPTZ(3),
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "failedLoginWindowAt" TIMESTAMPTZ(3),
    "lockedAt" TIMESTAMPTZ(3),
    "lockedUntil" TIMESTAMPTZ(3),
    "lastSeenAt" TIMESTAMPTZ(3),
    "systemUseAcceptedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "mfaPending" BOOLEAN NOT NULL DEFAULT false,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" UUID,

    CONSTRAINT "SystemSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Counter" (
    "key" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "name" TEXT NOT NULL,
    "leaseUntil" TIMESTAMPTZ(3),
    "leaseHolder" TEXT,
    "lastStartedAt" TIMESTAMPTZ(3),
    "lastFinishedAt" TIMESTAMPTZ(3),
    "lastResult" JSONB,

    CONSTRAINT "ScheduledJob_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Handler" (
    "id" UUID NOT NULL,
    "badgeNumber" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "rank" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "userId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Handler_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dog" (
    "id" UUID NOT NULL,
    "k9Number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "breed" TEXT NOT NULL,
    "sex" "DogSex" NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "microchip" TEXT,
    "specialties" "DogSpecialty"[],
    "status" "DogStatus" NOT NULL DEFAULT 'ACTIVE',
    "fitForDuty" BOOLEAN NOT NULL DEFAULT true,
    "fitForDutySetAt" TIMESTAMPTZ(3),
    "fitForDutySetById" UUID,
    "photoBlobKey" TEXT,
    "photoSha256" TEXT,
    "photoMediaType" TEXT,
    "notes" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Dog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DogStatusChange" (
    "id" UUID NOT NULL,
    "dogId" UUID NOT NULL,
    "fromStatus" "DogStatus" NOT NULL,
    "toStatus" "DogStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedById" UUID NOT NULL,

    CONSTRAINT "DogStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HandlerAssignment" (
    "id" UUID NOT NULL,
    "dogId" UUID NOT NULL,
    "handlerId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "endReason" TEXT,
    "openDogId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HandlerAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certification" (
    "id" UUID NOT NULL,
    "dogId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "certificateNumber" TEXT,
    "issuedAt" DATE NOT NULL,
    "expiresAt" DATE NOT NULL,
    "notes" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Certification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "type" "IncidentType" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "locationText" TEXT NOT NULL,
    "latitude" DECIMAL(9,6),
    "longitude" DECIMAL(9,6),
    "weather" TEXT,
    "narrative" TEXT NOT NULL,
    "reportingOfficerId" UUID NOT NULL,
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentOfficer" (
    "incidentId" UUID NOT NULL,
    "handlerId" UUID NOT NULL,
    "role" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentOfficer_pkey" PRIMARY KEY ("incidentId","handlerId")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "dogId" UUID NOT NULL,
    "handlerId" UUID NOT NULL,
    "task" "DeploymentTask" NOT NULL,
    "outcome" "DeploymentOutcome" NOT NULL,
    "exposures" "Exposure"[],
    "exposureNotes" TEXT,
    "injuryObserved" BOOLEAN NOT NULL DEFAULT false,
    "injuryDescription" TEXT,
    "notes" TEXT,
    "deployedAt" TIMESTAMPTZ(3) NOT NULL,
    "loggedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MedicalRecord" (
    "id" UUID NOT NULL,
    "dogId" UUID NOT NULL,
    "kind" "MedicalRecordKind" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "clinic" TEXT NOT NULL,
    "veterinarianId" UUID NOT NULL,
    "attendingVets" TEXT,
    "presentingProblem" TEXT,
    "findings" TEXT,
    "diagnosis" TEXT,
    "treatment" TEXT,
    "outcome" TEXT,
    "decisionOutcome" "DecisionOutcome",
    "decisionReason" TEXT,
    "procedure" TEXT,
    "anaesthesia" TEXT,
    "complications" TEXT,
    "followUpDueAt" TIMESTAMPTZ(3),
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MedicalRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MedicalRecordAmendment" (
    "id" UUID NOT NULL,
    "recordId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MedicalRecordAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VitalSign" (
    "id" UUID NOT NULL,
    "recordId" UUID NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL,
    "heartRate" INTEGER,
    "respiratoryRate" INTEGER,
    "temperatureC" DECIMAL(4,1),
    "spo2" INTEGER,
    "systolicBp" INTEGER,
    "diastolicBp" INTEGER,
    "capillaryRefillSec" DECIMAL(3,1),
    "painScore" INTEGER,
    "notes" TEXT,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VitalSign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Medication" (
    "id" UUID NOT NULL,
    "recordId" UUID NOT NULL,
    "drug" TEXT NOT NULL,
    "dose" TEXT NOT NULL,
    "route" "MedicationRoute" NOT NULL,
    "givenAt" TIMESTAMPTZ(3) NOT NULL,
    "givenBy" TEXT NOT NULL,
    "notes" TEXT,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Medication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "medicalRecordId" UUID,
    "evidenceItemId" UUID,
    "labResultId" UUID,
    "incidentId" UUID,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "blobKey" TEXT NOT NULL,
    "thumbnailKey" TEXT,
    "widthPx" INTEGER,
    "heightPx" INTEGER,
    "description" TEXT,
    "modality" "AttachmentModality",
    "view" TEXT,
    "bodyRegion" TEXT,
    "capturedAt" TIMESTAMPTZ(3),
    "uploadedById" UUID NOT NULL,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StorageLocation" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "room" TEXT NOT NULL,
    "shelf" TEXT,
    "bin" TEXT,
    "description" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StorageLocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceItem" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "EvidenceCategory" NOT NULL,
    "collectedAt" TIMESTAMPTZ(3) NOT NULL,
    "collectedById" UUID NOT NULL,
    "collectedAtPlace" TEXT NOT NULL,
    "originIncidentId" UUID,
    "originMedicalRecordId" UUID,
    "sealNumber" TEXT,
    "storageLocationId" UUID,
    "status" "EvidenceStatus" NOT NULL DEFAULT 'IN_CUSTODY',
    "currentCustodianId" UUID,
    "pendingReceiverId" UUID,
    "headSequence" INTEGER NOT NULL DEFAULT 0,
    "headHash" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EvidenceItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustodyEvent" (
    "id" UUID NOT NULL,
    "evidenceItemId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "action" "CustodyAction" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "actorId" UUID NOT NULL,
    "fromUserId" UUID,
    "toUserId" UUID,
    "locationId" UUID,
    "place" TEXT,
    "labName" TEXT,
    "purpose" TEXT,
    "sealIntact" BOOLEAN,
    "notes" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustodyEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DispositionRequest" (
    "id" UUID NOT NULL,
    "evidenceItemId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "DispositionStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DispositionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabRequest" (
    "id" UUID NOT NULL,
    "evidenceItemId" UUID NOT NULL,
    "lab" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "labReference" TEXT,
    "status" "LabRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "submittedEventId" UUID,
    "dueAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LabRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabResult" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "examiner" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "conclusion" TEXT NOT NULL,
    "reportedAt" TIMESTAMPTZ(3) NOT NULL,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LabResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Investigation" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" "InvestigationStatus" NOT NULL DEFAULT 'OPEN',
    "disposition" TEXT,
    "summary" TEXT NOT NULL,
    "leadId" UUID NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Investigation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvestigationMember" (
    "investigationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvestigationMember_pkey" PRIMARY KEY ("investigationId","userId")
);

-- CreateTable
CREATE TABLE "InvestigationLink" (
    "id" UUID NOT NULL,
    "investigationId" UUID NOT NULL,
    "targetType" "LinkTargetType" NOT NULL,
    "relation" "LinkRelation" NOT NULL,
    "note" TEXT,
    "incidentId" UUID,
    "deploymentId" UUID,
    "dogId" UUID,
    "handlerId" UUID,
    "medicalRecordId" UUID,
    "attachmentId" UUID,
    "evidenceItemId" UUID,
    "labResultId" UUID,
    "createdById" UUID NOT NULL,
    "removedAt" TIMESTAMPTZ(3),
    "removedById" UUID,
    "removedReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InvestigationLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseNote" (
    "id" UUID NOT NULL,
    "investigationId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CaseNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'OPEN',
    "dedupeKey" TEXT NOT NULL,
    "dogId" UUID,
    "deploymentId" UUID,
    "certificationId" UUID,
    "title" TEXT NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "overdueAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedByRecordId" UUID,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" UUID,
    "note" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT,
    "entityId" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "details" JSONB,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE INDEX "SystemSetting_updatedById_idx" ON "SystemSetting"("updatedById");

-- CreateIndex
CREATE UNIQUE INDEX "Handler_badgeNumber_key" ON "Handler"("badgeNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Handler_userId_key" ON "Handler"("userId");

-- CreateIndex
CREATE INDEX "Handler_lastName_firstName_idx" ON "Handler"("lastName", "firstName");

-- CreateIndex
CREATE INDEX "Handler_unit_idx" ON "Handler"("unit");

-- CreateIndex
CREATE UNIQUE INDEX "Dog_k9Number_key" ON "Dog"("k9Number");

-- CreateIndex
CREATE UNIQUE INDEX "Dog_microchip_key" ON "Dog"("microchip");

-- CreateIndex
CREATE INDEX "Dog_name_idx" ON "Dog"("name");

-- CreateIndex
CREATE INDEX "Dog_status_idx" ON "Dog"("status");

-- CreateIndex
CREATE INDEX "Dog_fitForDutySetById_idx" ON "Dog"("fitForDutySetById");

-- CreateIndex
CREATE INDEX "DogStatusChange_dogId_changedAt_idx" ON "DogStatusChange"("dogId", "changedAt");

-- CreateIndex
CREATE INDEX "DogStatusChange_changedById_idx" ON "DogStatusChange"("changedById");

-- CreateIndex
CREATE UNIQUE INDEX "HandlerAssignment_openDogId_key" ON "HandlerAssignment"("openDogId");

-- CreateIndex
CREATE INDEX "HandlerAssignment_dogId_startedAt_idx" ON "HandlerAssignment"("dogId", "startedAt");

-- CreateIndex
CREATE INDEX "HandlerAssignment_handlerId_startedAt_idx" ON "HandlerAssignment"("handlerId", "startedAt");

-- CreateIndex
CREATE INDEX "Certification_dogId_expiresAt_idx" ON "Certification"("dogId", "expiresAt");

-- CreateIndex
CREATE INDEX "Certification_expiresAt_idx" ON "Certification"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_number_key" ON "Incident"("number");

-- CreateIndex
CREATE INDEX "Incident_occurredAt_id_idx" ON "Incident"("occurredAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Incident_type_occurredAt_idx" ON "Incident"("type", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "Incident_status_occurredAt_idx" ON "Incident"("status", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "Incident_reportingOfficerId_occurredAt_idx" ON "Incident"("reportingOfficerId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "IncidentOfficer_handlerId_idx" ON "IncidentOfficer"("handlerId");

-- CreateIndex
CREATE INDEX "Deployment_dogId_deployedAt_idx" ON "Deployment"("dogId", "deployedAt" DESC);

-- CreateIndex
CREATE INDEX "Deployment_handlerId_deployedAt_idx" ON "Deployment"("handlerId", "deployedAt" DESC);

-- CreateIndex
CREATE INDEX "Deployment_loggedById_idx" ON "Deployment"("loggedById");

-- CreateIndex
CREATE INDEX "Deployment_exposures_idx" ON "Deployment" USING GIN ("exposures");

-- CreateIndex
CREATE UNIQUE INDEX "Deployment_incidentId_dogId_key" ON "Deployment"("incidentId", "dogId");

-- CreateIndex
CREATE INDEX "MedicalRecord_dogId_occurredAt_idx" ON "MedicalRecord"("dogId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "MedicalRecord_veterinarianId_occurredAt_idx" ON "MedicalRecord"("veterinarianId", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "MedicalRecord_kind_occurredAt_idx" ON "MedicalRecord"("kind", "occurredAt" DESC);

-- CreateIndex
CREATE INDEX "MedicalRecordAmendment_recordId_createdAt_idx" ON "MedicalRecordAmendment"("recordId", "createdAt");

-- CreateIndex
CREATE INDEX "MedicalRecordAmendment_authorId_idx" ON "MedicalRecordAmendment"("authorId");

-- CreateIndex
CREATE INDEX "VitalSign_recordId_takenAt_idx" ON "VitalSign"("recordId", "takenAt");

-- CreateIndex
CREATE INDEX "VitalSign_recordedById_idx" ON "VitalSign"("recordedById");

-- CreateIndex
CREATE INDEX "Medication_recordId_givenAt_idx" ON "Medication"("recordId", "givenAt");

-- CreateIndex
CREATE INDEX "Medication_recordedById_idx" ON "Medication"("recordedById");

-- CreateIndex
CREATE INDEX "Attachment_medicalRecordId_idx" ON "Attachment"("medicalRecordId");

-- CreateIndex
CREATE INDEX "Attachment_evidenceItemId_idx" ON "Attachment"("evidenceItemId");

-- CreateIndex
CREATE INDEX "Attachment_labResultId_idx" ON "Attachment"("labResultId");

-- CreateIndex
CREATE INDEX "Attachment_incidentId_idx" ON "Attachment"("incidentId");

-- CreateIndex
CREATE INDEX "Attachment_uploadedById_idx" ON "Attachment"("uploadedById");

-- CreateIndex
CREATE INDEX "Attachment_sha256_idx" ON "Attachment"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "StorageLocation_code_key" ON "StorageLocation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "EvidenceItem_number_key" ON "EvidenceItem"("number");

-- CreateIndex
CREATE INDEX "EvidenceItem_collectedAt_idx" ON "EvidenceItem"("collectedAt" DESC);

-- CreateIndex
CREATE INDEX "EvidenceItem_status_collectedAt_idx" ON "EvidenceItem"("status", "collectedAt" DESC);

-- CreateIndex
CREATE INDEX "EvidenceItem_collectedById_idx" ON "EvidenceItem"("collectedById");

-- CreateIndex
CREATE INDEX "EvidenceItem_currentCustodianId_idx" ON "EvidenceItem"("currentCustodianId");

-- CreateIndex
CREATE INDEX "EvidenceItem_pendingReceiverId_idx" ON "EvidenceItem"("pendingReceiverId");

-- CreateIndex
CREATE INDEX "EvidenceItem_originIncidentId_idx" ON "EvidenceItem"("originIncidentId");

-- CreateIndex
CREATE INDEX "EvidenceItem_originMedicalRecordId_idx" ON "EvidenceItem"("originMedicalRecordId");

-- CreateIndex
CREATE INDEX "EvidenceItem_storageLocationId_idx" ON "EvidenceItem"("storageLocationId");

-- CreateIndex
CREATE UNIQUE INDEX "CustodyEvent_hash_key" ON "CustodyEvent"("hash");

-- CreateIndex
CREATE INDEX "CustodyEvent_actorId_idx" ON "CustodyEvent"("actorId");

-- CreateIndex
CREATE INDEX "CustodyEvent_fromUserId_idx" ON "CustodyEvent"("fromUserId");

-- CreateIndex
CREATE INDEX "CustodyEvent_toUserId_idx" ON "CustodyEvent"("toUserId");

-- CreateIndex
CREATE INDEX "CustodyEvent_locationId_idx" ON "CustodyEvent"("locationId");

-- CreateIndex
CREATE INDEX "CustodyEvent_occurredAt_idx" ON "CustodyEvent"("occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "CustodyEvent_evidenceItemId_sequence_key" ON "CustodyEvent"("evidenceItemId", "sequence");

-- CreateIndex
CREATE INDEX "DispositionRequest_evidenceItemId_idx" ON "DispositionRequest"("evidenceItemId");

-- CreateIndex
CREATE INDEX "DispositionRequest_status_requestedAt_idx" ON "DispositionRequest"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "DispositionRequest_requestedById_idx" ON "DispositionRequest"("requestedById");

-- CreateIndex
CREATE INDEX "DispositionRequest_decidedById_idx" ON "DispositionRequest"("decidedById");

-- CreateIndex
CREATE INDEX "LabRequest_evidenceItemId_idx" ON "LabRequest"("evidenceItemId");

-- CreateIndex
CREATE INDEX "LabRequest_requestedById_idx" ON "LabRequest"("requestedById");

-- CreateIndex
CREATE INDEX "LabRequest_submittedEventId_idx" ON "LabRequest"("submittedEventId");

-- CreateIndex
CREATE INDEX "LabRequest_status_dueAt_idx" ON "LabRequest"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "LabResult_requestId_key" ON "LabResult"("requestId");

-- CreateIndex
CREATE INDEX "LabResult_recordedById_idx" ON "LabResult"("recordedById");

-- CreateIndex
CREATE INDEX "LabResult_reportedAt_idx" ON "LabResult"("reportedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Investigation_number_key" ON "Investigation"("number");

-- CreateIndex
CREATE INDEX "Investigation_leadId_idx" ON "Investigation"("leadId");

-- CreateIndex
CREATE INDEX "Investigation_status_openedAt_idx" ON "Investigation"("status", "openedAt" DESC);

-- CreateIndex
CREATE INDEX "InvestigationMember_userId_idx" ON "InvestigationMember"("userId");

-- CreateIndex
CREATE INDEX "InvestigationLink_investigationId_createdAt_idx" ON "InvestigationLink"("investigationId", "createdAt");

-- CreateIndex
CREATE INDEX "InvestigationLink_incidentId_idx" ON "InvestigationLink"("incidentId");

-- CreateIndex
CREATE INDEX "InvestigationLink_deploymentId_idx" ON "InvestigationLink"("deploymentId");

-- CreateIndex
CREATE INDEX "InvestigationLink_dogId_idx" ON "InvestigationLink"("dogId");

-- CreateIndex
CREATE INDEX "InvestigationLink_handlerId_idx" ON "InvestigationLink"("handlerId");

-- CreateIndex
CREATE INDEX "InvestigationLink_medicalRecordId_idx" ON "InvestigationLink"("medicalRecordId");

-- CreateIndex
CREATE INDEX "InvestigationLink_attachmentId_idx" ON "InvestigationLink"("attachmentId");

-- CreateIndex
CREATE INDEX "InvestigationLink_evidenceItemId_idx" ON "InvestigationLink"("evidenceItemId");

-- CreateIndex
CREATE INDEX "InvestigationLink_labResultId_idx" ON "InvestigationLink"("labResultId");

-- CreateIndex
CREATE INDEX "InvestigationLink_createdById_idx" ON "InvestigationLink"("createdById");

-- CreateIndex
CREATE INDEX "InvestigationLink_removedById_idx" ON "InvestigationLink"("removedById");

-- CreateIndex
CREATE INDEX "CaseNote_investigationId_createdAt_idx" ON "CaseNote"("investigationId", "createdAt");

-- CreateIndex
CREATE INDEX "CaseNote_authorId_idx" ON "CaseNote"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_dedupeKey_key" ON "Alert"("dedupeKey");

-- CreateIndex
CREATE INDEX "Alert_status_dueAt_idx" ON "Alert"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Alert_dogId_raisedAt_idx" ON "Alert"("dogId", "raisedAt" DESC);

-- CreateIndex
CREATE INDEX "Alert_deploymentId_idx" ON "Alert"("deploymentId");

-- CreateIndex
CREATE INDEX "Alert_certificationId_idx" ON "Alert"("certificationId");

-- CreateIndex
CREATE INDEX "Alert_resolvedByRecordId_idx" ON "Alert"("resolvedByRecordId");

-- CreateIndex
CREATE INDEX "Alert_acknowledgedById_idx" ON "Alert"("acknowledgedById");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SystemSetting" ADD CONSTRAINT "SystemSetting_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handler" ADD CONSTRAINT "Handler_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dog" ADD CONSTRAINT "Dog_fitForDutySetById_fkey" FOREIGN KEY ("fitForDutySetById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DogStatusChange" ADD CONSTRAINT "DogStatusChange_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DogStatusChange" ADD CONSTRAINT "DogStatusChange_changedById_fkey" FOREIGN KEY ("changedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandlerAssignment" ADD CONSTRAINT "HandlerAssignment_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HandlerAssignment" ADD CONSTRAINT "HandlerAssignment_handlerId_fkey" FOREIGN KEY ("handlerId") REFERENCES "Handler"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certification" ADD CONSTRAINT "Certification_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_reportingOfficerId_fkey" FOREIGN KEY ("reportingOfficerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentOfficer" ADD CONSTRAINT "IncidentOfficer_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentOfficer" ADD CONSTRAINT "IncidentOfficer_handlerId_fkey" FOREIGN KEY ("handlerId") REFERENCES "Handler"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_handlerId_fkey" FOREIGN KEY ("handlerId") REFERENCES "Handler"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_loggedById_fkey" FOREIGN KEY ("loggedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicalRecord" ADD CONSTRAINT "MedicalRecord_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicalRecord" ADD CONSTRAINT "MedicalRecord_veterinarianId_fkey" FOREIGN KEY ("veterinarianId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicalRecordAmendment" ADD CONSTRAINT "MedicalRecordAmendment_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MedicalRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MedicalRecordAmendment" ADD CONSTRAINT "MedicalRecordAmendment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalSign" ADD CONSTRAINT "VitalSign_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MedicalRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VitalSign" ADD CONSTRAINT "VitalSign_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Medication" ADD CONSTRAINT "Medication_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "MedicalRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Medication" ADD CONSTRAINT "Medication_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_medicalRecordId_fkey" FOREIGN KEY ("medicalRecordId") REFERENCES "MedicalRecord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "EvidenceItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_labResultId_fkey" FOREIGN KEY ("labResultId") REFERENCES "LabResult"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceItem" ADD CONSTRAINT "EvidenceItem_collectedById_fkey" FOREIGN KEY ("collectedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceItem" ADD CONSTRAINT "EvidenceItem_currentCustodianId_fkey" FOREIGN KEY ("currentCustodianId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceItem" ADD CONSTRAINT "EvidenceItem_pendingReceiverId_fkey" FOREIGN KEY ("pendingReceiverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceItem" ADD CONSTRAINT "EvidenceItem_originIncidentId_fkey" FOREIGN KEY ("originIncidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceItem" ADD CONSTRAINT "EvidenceItem_originMedicalRecordId_fkey" FOREIGN KEY ("originMedicalRecordId") REFERENCES "MedicalRecord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceItem" ADD CONSTRAINT "EvidenceItem_storageLocationId_fkey" FOREIGN KEY ("storageLocationId") REFERENCES "StorageLocation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustodyEvent" ADD CONSTRAINT "CustodyEvent_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "EvidenceItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustodyEvent" ADD CONSTRAINT "CustodyEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustodyEvent" ADD CONSTRAINT "CustodyEvent_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustodyEvent" ADD CONSTRAINT "CustodyEvent_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustodyEvent" ADD CONSTRAINT "CustodyEvent_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "StorageLocation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispositionRequest" ADD CONSTRAINT "DispositionRequest_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "EvidenceItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispositionRequest" ADD CONSTRAINT "DispositionRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DispositionRequest" ADD CONSTRAINT "DispositionRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabRequest" ADD CONSTRAINT "LabRequest_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "EvidenceItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabRequest" ADD CONSTRAINT "LabRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabRequest" ADD CONSTRAINT "LabRequest_submittedEventId_fkey" FOREIGN KEY ("submittedEventId") REFERENCES "CustodyEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "LabRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabResult" ADD CONSTRAINT "LabResult_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Investigation" ADD CONSTRAINT "Investigation_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationMember" ADD CONSTRAINT "InvestigationMember_investigationId_fkey" FOREIGN KEY ("investigationId") REFERENCES "Investigation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationMember" ADD CONSTRAINT "InvestigationMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_investigationId_fkey" FOREIGN KEY ("investigationId") REFERENCES "Investigation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_handlerId_fkey" FOREIGN KEY ("handlerId") REFERENCES "Handler"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_medicalRecordId_fkey" FOREIGN KEY ("medicalRecordId") REFERENCES "MedicalRecord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_evidenceItemId_fkey" FOREIGN KEY ("evidenceItemId") REFERENCES "EvidenceItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_labResultId_fkey" FOREIGN KEY ("labResultId") REFERENCES "LabResult"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvestigationLink" ADD CONSTRAINT "InvestigationLink_removedById_fkey" FOREIGN KEY ("removedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseNote" ADD CONSTRAINT "CaseNote_investigationId_fkey" FOREIGN KEY ("investigationId") REFERENCES "Investigation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseNote" ADD CONSTRAINT "CaseNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_dogId_fkey" FOREIGN KEY ("dogId") REFERENCES "Dog"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_certificationId_fkey" FOREIGN KEY ("certificationId") REFERENCES "Certification"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_resolvedByRecordId_fkey" FOREIGN KEY ("resolvedByRecordId") REFERENCES "MedicalRecord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
