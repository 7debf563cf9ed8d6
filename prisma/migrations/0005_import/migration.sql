-- CreateTable
CREATE TABLE "LegacyAccount" (
    "system" TEXT NOT NULL,
    "legacyId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("system", "legacyId"),
    CONSTRAINT "LegacyAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LegacyAccount_userId_idx" ON "LegacyAccount"("userId");

