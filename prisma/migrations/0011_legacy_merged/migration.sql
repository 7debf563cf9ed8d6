-- #22: a per-system id that was merged into a user who existed before (same proved phone or email),
-- so a re-run of that import fills in what is missing and never overwrites the user with its row.
ALTER TABLE "LegacyAccount" ADD COLUMN "merged" BOOLEAN NOT NULL DEFAULT false;
