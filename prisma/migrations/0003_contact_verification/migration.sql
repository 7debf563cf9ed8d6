-- #21 item 7: a contact counts for code sign-in and password reset only once a code sent to it was
-- spent (docs/decisions/0010-unverified-contacts.md).
ALTER TABLE "User" ADD COLUMN "emailVerifiedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "phoneVerifiedAt" DATETIME;

-- Rows already here came from the legacy systems, which sent codes to these contacts (ThinkSNS+
-- and Hyperf register by code), or were made by an operator: verified as of their creation, so
-- nobody migrated loses code sign-in. The exception is an email given to Flask's register here
-- (audited as client 'flask'): nobody ever proved it, so it stays unverified.
UPDATE "User" SET "phoneVerifiedAt" = "createdAt" WHERE "phone" IS NOT NULL;
UPDATE "User" SET "emailVerifiedAt" = "createdAt"
WHERE "email" IS NOT NULL
  AND "id" NOT IN (SELECT "userId" FROM "AuditEvent" WHERE "kind" = 'user.registered' AND "client" = 'flask' AND "userId" IS NOT NULL);
