-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "metadata" JSONB,
ADD COLUMN     "previewKey" TEXT;
