-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CustodyAction" ADD VALUE 'TRANSFER_CANCELLED';
ALTER TYPE "CustodyAction" ADD VALUE 'TRANSFER_DECLINED';

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "closedAt" TIMESTAMPTZ(3),
ADD COLUMN     "closedById" UUID,
ADD COLUMN     "closedReason" TEXT;

-- CreateIndex
CREATE INDEX "Incident_closedById_idx" ON "Incident"("closedById");

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
