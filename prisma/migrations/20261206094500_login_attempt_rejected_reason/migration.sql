-- Issue 14: a rejected sign-in says why it ended, so the browser waiting on it is told
-- the truth ("too many wrong codes" only when it was that). Written with the state by
-- the attempt state machine's writers (null while the attempt is not rejected).
ALTER TABLE "login_attempt" ADD COLUMN "rejected_reason" TEXT;

-- Attempts rejected before this column: the ones with five wrong codes ended by them,
-- the others were cancelled for a reason not recorded (they expire within the hour).
UPDATE "login_attempt" SET "rejected_reason" = 'too_many_codes' WHERE "state" = 'rejected' AND "failures" >= 5;
