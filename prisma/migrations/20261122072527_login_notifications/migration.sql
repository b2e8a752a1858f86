-- AlterTable
ALTER TABLE "account" ADD COLUMN     "last_sign_in_agent" TEXT,
ADD COLUMN     "last_sign_in_ip" TEXT,
ADD COLUMN     "login_confirmation" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "login_notification" TEXT NOT NULL DEFAULT 'new_browser';

-- AlterTable
ALTER TABLE "login_attempt" ADD COLUMN     "browser_id_hash" TEXT,
ADD COLUMN     "confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "country" TEXT,
ADD COLUMN     "notified" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "login_event" ADD COLUMN     "user_agent" TEXT;

-- AlterTable
ALTER TABLE "verification" ADD COLUMN     "binding_hash" TEXT;

-- CreateTable
CREATE TABLE "account_sighting" (
    "account_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_sighting_pkey" PRIMARY KEY ("account_id","kind","value")
);

-- AddForeignKey
ALTER TABLE "account_sighting" ADD CONSTRAINT "account_sighting_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
