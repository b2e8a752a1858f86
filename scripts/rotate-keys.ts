/**
 * `pnpm keys:rotate`: re-encrypts every secret at rest under the first key of
 * ENCRYPTION_KEYS (the API also does this at start). Reads the same configuration as
 * the API; with no DATABASE_URL it uses the embedded PostgreSQL of `pnpm start`.
 */
import { createDb } from "../apps/api/src/db/client.ts";
import { createSigningKeys } from "../apps/api/src/flows/oidc-provider/keys.ts";
import { reencryptOtpSecrets } from "../apps/api/src/flows/otp/key-rotation.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { createEncryptor } from "../apps/api/src/lib/encryption.ts";
import { reencryptStaffOtpSecrets } from "../apps/api/src/staff/members.ts";
import { loadScriptConfig, openDatabase } from "./local-setup.ts";

const config = loadScriptConfig();
const database = await openDatabase(config);
const db = createDb(database.url, 1);
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
  await database.stop();
}
