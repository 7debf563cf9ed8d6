-- #21 item 11: the UTS #39 skeleton of each name, unique, so no new name is confusable with another.
-- Nullable: existing rows are filled in by lib/migrate.ts (backfillNameSkeletons), which leaves it
-- null on a row whose skeleton an older user already holds (two confusable legacy names both work).
ALTER TABLE "User" ADD COLUMN "nameSkeleton" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_nameSkeleton_key" ON "User"("nameSkeleton");
