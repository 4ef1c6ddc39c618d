-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mfaLastUsedStep" INTEGER;
