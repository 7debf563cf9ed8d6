-- AlterTable
ALTER TABLE "User" ADD COLUMN "consentedAt" DATETIME;
