-- #25 (docs/decisions/0016-admin-dashboard.md). A temporary password set by an admin must be
-- changed at the next sign-in.
ALTER TABLE "User" ADD COLUMN "passwordMustChange" BOOLEAN NOT NULL DEFAULT false;
-- Role and permission names are unique without regard to case (`admin` cannot sit beside `ADMIN`).
CREATE UNIQUE INDEX "Role_name_lower_key" ON "Role"(lower("name"));
CREATE UNIQUE INDEX "Permission_name_lower_key" ON "Permission"(lower("name"));
