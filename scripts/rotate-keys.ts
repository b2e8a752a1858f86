/**
 * `pnpm keys:rotate`: re-encrypts every secret at rest under the first key of
 * ENCRYPTION_KEYS (the API also does this at start). Reads the same configuration as
 * the API; with no DATABASE_URL it uses the embedded PostgreSQL of `pnpm start`.
 */
import { loadConfig } from "../apps/api/src/config.ts";
import { createDb } from "../apps/api/src/db/client.ts";
import { startEmbeddedPostgres } from "../apps/api/src/db/embedded.ts";
import { createSigningKeys } from "../apps/api/src/flows/oidc-provider/keys.ts";
import { reencryptOtpSecrets } from "../apps/api/src/flows/otp/key-rotation.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { createEncryptor } from "../apps/api/src/lib/encryption.ts";
import { reencryptStaffOtpSecrets } from "../apps/api/src/staff/members.ts";

const config = loadConfig();
const embedded = config.database.url ? undefined : await startEmbeddedPostgres(config.database.embeddedDir, config.database.embeddedPort);
const db = createDb(config.database.url ?? (embedded?.url as string));
try {
  const encryptor = createEncryptor(config.encryptionKeys);
  const count = await reencryptOtpSecrets({ db, encryptor });
  const staff = await reencryptStaffOtpSecrets({ db, encryptor });
  const signing = await createSigningKeys({ db, clock: systemClock, encryptor }).reencrypt();
  console.log(
    `re-encrypted ${count} account(s), ${staff} staff member(s) and ${signing} OpenID signing key(s) under key "${config.encryptionKeys[0]?.id}"`,
  );
} finally {
  await db.$disconnect();
  await embedded?.stop();
}
