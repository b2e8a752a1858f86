-- AlterTable
ALTER TABLE "login_attempt" ADD COLUMN     "lost_device_emails" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "sms_send" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "ip" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sms_send_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sms_send_created_at_idx" ON "sms_send"("created_at");

-- CreateIndex
CREATE INDEX "sms_send_account_id_created_at_idx" ON "sms_send"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "sms_send_phone_created_at_idx" ON "sms_send"("phone", "created_at");

-- CreateIndex
CREATE INDEX "sms_send_ip_created_at_idx" ON "sms_send"("ip", "created_at");

-- CreateIndex
CREATE INDEX "login_attempt_expires_at_idx" ON "login_attempt"("expires_at");

-- CreateIndex
CREATE INDEX "login_throttle_updated_at_idx" ON "login_throttle"("updated_at");

-- CreateIndex
CREATE INDEX "verification_expires_at_idx" ON "verification"("expires_at");
