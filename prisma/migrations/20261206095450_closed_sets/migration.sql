-- Closed sets of values become PostgreSQL enums (ADR 032). Columns change type in place
-- (USING col::type), so existing rows keep their values. A locale outside the set is
-- mapped to English (the default every account and request starts with). Any other
-- value outside its set makes the cast, and so this migration, fail with the value named
-- ("invalid input value for enum ...") rather than be guessed.

CREATE TYPE "locale" AS ENUM ('en', 'cs');

CREATE TYPE "login_notification_policy" AS ENUM ('every_login', 'new_browser', 'unknown_location', 'changed_since_last', 'changed_vs_history', 'never');

CREATE TYPE "outbox_channel" AS ENUM ('email', 'sms');

CREATE TYPE "outbox_status" AS ENUM ('pending', 'sent', 'failed');

CREATE TYPE "login_attempt_state" AS ENUM ('password', 'otp_required', 'confirmation_required', 'complete', 'expired', 'rejected');

CREATE TYPE "login_attempt_reject_reason" AS ENUM ('too_many_codes', 'password_reset', 'password_changed', 'logout_all', 'logout_all_link', 'login_email_changed', 'support', 'otp_turned_off', 'operator');

CREATE TYPE "login_result" AS ENUM ('success', 'wrong_password', 'wrong_otp', 'throttled', 'pending_confirmation', 'confirmed', 'confirmation_expired', 'session_user_agent_changed', 'otp_disabled_by_recovery', 'password_reset');

CREATE TYPE "staff_role" AS ENUM ('agent', 'admin');

CREATE TYPE "support_request_type" AS ENUM ('otp_disable', 'email_hint', 'email_change');

CREATE TYPE "support_request_status" AS ENUM ('open', 'awaiting_email_verification', 'resolved', 'rejected');

CREATE TYPE "support_resolution" AS ENUM ('otp_disabled', 'hint_sent', 'email_changed', 'rejected');

CREATE TYPE "shared_login_intent" AS ENUM ('sign_in', 'link');

CREATE TYPE "shared_login_flow_state" AS ENUM ('started', 'callback', 'pending', 'pairing', 'done', 'failed', 'cancelled');

CREATE TYPE "verification_purpose" AS ENUM ('email_verification', 'otp_recovery_link', 'password_reset', 'login_confirmation', 'logout_all', 'support_email_change', 'account_email_change', 'phone_verification', 'otp_recovery_sms', 'support_verification', 'phone_change');

CREATE TYPE "session_end_reason" AS ENUM ('sign_out', 'revoked_by_user', 'oidc_logout', 'session_limit', 'user_agent_changed', 'password_changed', 'password_reset', 'log_out_all', 'logout_all_link', 'login_email_changed_by_support', 'ended_by_staff', 'ended_by_operator');

CREATE TYPE "audit_action" AS ENUM ('sign_in', 'sign_out', 'account_search', 'account_linked', 'sms_code_sent', 'phone_confirmed', 'phone_confirmation_failed', 'otp_disabled', 'email_hint_sent', 'email_change_started', 'sessions_ended', 'request_rejected');

-- Mapped, not refused: a stored locale the product does not know reads as English.
UPDATE "account" SET "locale" = 'en' WHERE "locale" NOT IN ('en', 'cs');
UPDATE "support_request" SET "locale" = 'en' WHERE "locale" NOT IN ('en', 'cs');

ALTER TABLE "account"
  ALTER COLUMN "locale" DROP DEFAULT,
  ALTER COLUMN "locale" TYPE "locale" USING "locale"::"locale",
  ALTER COLUMN "locale" SET DEFAULT 'en',
  ALTER COLUMN "login_notification" DROP DEFAULT,
  ALTER COLUMN "login_notification" TYPE "login_notification_policy" USING "login_notification"::"login_notification_policy",
  ALTER COLUMN "login_notification" SET DEFAULT 'new_browser';

ALTER TABLE "login_attempt"
  ALTER COLUMN "state" TYPE "login_attempt_state" USING "state"::"login_attempt_state",
  ALTER COLUMN "rejected_reason" TYPE "login_attempt_reject_reason" USING "rejected_reason"::"login_attempt_reject_reason";

ALTER TABLE "login_event"
  ALTER COLUMN "result" TYPE "login_result" USING "result"::"login_result";

ALTER TABLE "outbox_message"
  ALTER COLUMN "channel" TYPE "outbox_channel" USING "channel"::"outbox_channel",
  ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "outbox_status" USING "status"::"outbox_status",
  ALTER COLUMN "status" SET DEFAULT 'pending';

ALTER TABLE "shared_login_flow"
  ALTER COLUMN "intent" TYPE "shared_login_intent" USING "intent"::"shared_login_intent",
  ALTER COLUMN "state" TYPE "shared_login_flow_state" USING "state"::"shared_login_flow_state";

ALTER TABLE "staff_member"
  ALTER COLUMN "role" TYPE "staff_role" USING "role"::"staff_role";

ALTER TABLE "support_request"
  ALTER COLUMN "type" TYPE "support_request_type" USING "type"::"support_request_type",
  ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "support_request_status" USING "status"::"support_request_status",
  ALTER COLUMN "status" SET DEFAULT 'open',
  ALTER COLUMN "locale" DROP DEFAULT,
  ALTER COLUMN "locale" TYPE "locale" USING "locale"::"locale",
  ALTER COLUMN "locale" SET DEFAULT 'en',
  ALTER COLUMN "resolution" TYPE "support_resolution" USING "resolution"::"support_resolution";

ALTER TABLE "verification"
  ALTER COLUMN "purpose" TYPE "verification_purpose" USING "purpose"::"verification_purpose";

ALTER TABLE "session"
  ALTER COLUMN "revoke_reason" TYPE "session_end_reason" USING "revoke_reason"::"session_end_reason";

-- A table rewrite, not an UPDATE: the append-only trigger lets it through, and every
-- entry keeps its action.
ALTER TABLE "audit_entry"
  ALTER COLUMN "action" TYPE "audit_action" USING "action"::"audit_action";
