-- CreateTable
CREATE TABLE "external_identity" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "linked_at" TIMESTAMPTZ(3) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "external_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shared_login_flow" (
    "id" UUID NOT NULL,
    "browser_hash" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "intent" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "account_id" UUID,
    "session_id" UUID,
    "subject" TEXT,
    "email" TEXT,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT,
    "attempt_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shared_login_flow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "external_identity_provider_subject_key" ON "external_identity"("provider", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "external_identity_account_id_provider_key" ON "external_identity"("account_id", "provider");

-- CreateIndex
CREATE UNIQUE INDEX "shared_login_flow_browser_hash_key" ON "shared_login_flow"("browser_hash");

-- CreateIndex
CREATE UNIQUE INDEX "shared_login_flow_attempt_id_key" ON "shared_login_flow"("attempt_id");

-- CreateIndex
CREATE INDEX "shared_login_flow_expires_at_idx" ON "shared_login_flow"("expires_at");

-- AddForeignKey
ALTER TABLE "external_identity" ADD CONSTRAINT "external_identity_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
