-- CreateTable
CREATE TABLE "LegacyAccount" (
    "system" TEXT NOT NULL,
    "legacyId" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegacyAccount_pkey" PRIMARY KEY ("system","legacyId")
);

-- CreateIndex
CREATE INDEX "LegacyAccount_userId_idx" ON "LegacyAccount"("userId");

-- AddForeignKey
ALTER TABLE "LegacyAccount" ADD CONSTRAINT "LegacyAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

