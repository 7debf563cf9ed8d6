-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN "oidcMetadata" TEXT;
ALTER TABLE "OAuthClient" ADD COLUMN "updatedAt" DATETIME;

-- CreateTable
CREATE TABLE "OidcModel" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCode" TEXT,
    "expiresAt" DATETIME,
    "consumedAt" DATETIME,
    "sessionId" TEXT,

    PRIMARY KEY ("kind", "id")
);

-- CreateTable
CREATE TABLE "OidcConsent" (
    "userId" INTEGER NOT NULL,
    "clientId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "clientId")
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

