-- When the person last proved who they are in the session (#21 item 10: re-authentication).
ALTER TABLE "Session" ADD COLUMN "authAt" TIMESTAMP(3);
