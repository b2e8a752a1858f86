-- AlterTable
ALTER TABLE "account" ADD COLUMN     "otp_blocked_until" TIMESTAMPTZ(3),
ADD COLUMN     "otp_enabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "otp_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "otp_last_step" INTEGER,
ADD COLUMN     "otp_pending_secret" TEXT,
ADD COLUMN     "otp_secret" TEXT;
