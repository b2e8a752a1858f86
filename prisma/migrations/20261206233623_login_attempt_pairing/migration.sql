-- AlterTable
ALTER TABLE "login_attempt" ADD COLUMN     "pairing" BOOLEAN NOT NULL DEFAULT false;
