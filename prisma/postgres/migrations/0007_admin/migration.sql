-- #25 (docs/decisions/0016-admin-dashboard.md). A temporary password set by an admin must be
-- changed at the next sign-in.
ALTER TABLE "User" ADD COLUMN "passwordMustChange" BOOLEAN NOT NULL DEFAULT false;
-- Role and permission names are unique without regard to case (`admin` cannot sit beside `ADMIN`).
CREATE UNIQUE INDEX "Role_name_lower_key" ON "Role"(lower("name"));
CREATE UNIQUE INDEX "Permission_name_lower_key" ON "Permission"(lower("name"));
-- The dashboard's search by any part of a name, email or phone (the phone's last digits): LIKE
-- '%x%' is served by trigram indexes. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension: a role with CREATE on the database may add it (docs/deploy.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "User_nameKey_trgm_idx" ON "User" USING gin ("nameKey" gin_trgm_ops);
CREATE INDEX "User_email_trgm_idx" ON "User" USING gin ("email" gin_trgm_ops);
CREATE INDEX "User_phone_trgm_idx" ON "User" USING gin ("phone" gin_trgm_ops);
