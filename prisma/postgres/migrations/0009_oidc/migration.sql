-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN     "oidcMetadata" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OidcModel" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),
    "sessionId" TEXT,

    CONSTRAINT "OidcModel_pkey" PRIMARY KEY ("kind","id")
);

-- CreateTable
CREATE TABLE "OidcConsent" (
    "userId" INTEGER NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OidcConsent_pkey" PRIMARY KEY ("userId","clientId")
);

-- CreateIndex
CREATE INDEX "OidcModel_grantId_idx" ON "OidcModel"("grantId");

-- CreateIndex
CREATE INDEX "OidcModel_uid_idx" ON "OidcModel"("uid");

-- CreateIndex
CREATE INDEX "OidcModel_userCode_idx" ON "OidcModel"("userCode");

-- CreateIndex
CREATE INDEX "OidcModel_expiresAt_idx" ON "OidcModel"("expiresAt");

-- CreateIndex
CREATE INDEX "OidcModel_sessionId_idx" ON "OidcModel"("sessionId");

-- CreateIndex
CREATE INDEX "OidcConsent_clientId_idx" ON "OidcConsent"("clientId");

