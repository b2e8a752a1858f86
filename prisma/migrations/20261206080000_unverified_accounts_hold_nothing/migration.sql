-- ADR 025: an account whose login email is unverified holds no session and nothing
-- attached. Until now anyone could sign up an address of someone else, sign in, link an
-- identity and verify a phone of their own: whatever such a claimant attached would
-- survive the real owner verification or password reset. This ends it for accounts
-- that exist already (the flows refuse it from now on).

-- Sign-ins in progress and sessions end.
UPDATE "login_attempt" SET "state" = 'rejected'
WHERE "state" IN ('password', 'otp_required', 'confirmation_required')
  AND "account_id" IN (SELECT "id" FROM "account" WHERE "email_verified_at" IS NULL);

UPDATE "session" SET "revoked_at" = now(), "revoke_reason" = 'email_not_verified'
WHERE "revoked_at" IS NULL
  AND "account_id" IN (SELECT "id" FROM "account" WHERE "email_verified_at" IS NULL);

-- Identities linked by a claimant are unlinked.
DELETE FROM "external_identity"
WHERE "account_id" IN (SELECT "id" FROM "account" WHERE "email_verified_at" IS NULL);

-- A phone verified by a claimant proves nothing about the owner: verified again, after the email.
UPDATE "account" SET "phone_verified_at" = NULL WHERE "email_verified_at" IS NULL AND "phone_verified_at" IS NOT NULL;

-- Codes and links issued for such accounts stop working, except the two sent to the mailbox
-- itself (its verification, a password reset): only the address owner holds those.
UPDATE "verification" SET "voided_at" = now()
WHERE "consumed_at" IS NULL AND "voided_at" IS NULL AND "purpose" NOT IN ('email_verification', 'password_reset')
  AND "account_id" IN (SELECT "id" FROM "account" WHERE "email_verified_at" IS NULL);
