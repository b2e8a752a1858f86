/**
 * `pnpm oidc:rotate-keys`: a new signing key for Sign in with Portier's ID tokens. It
 * signs from now on (every instance switches within a minute); the previous key stays
 * published in the JWKS for a day, so tokens it signed keep verifying; keys retired
 * longer ago are deleted. Reads the API's configuration; with no DATABASE_URL it uses
 * the embedded PostgreSQL of `pnpm start` (running or not).
 */
import { createDb } from "../apps/api/src/db/client.ts";
import { createSigningKeys } from "../apps/api/src/flows/oidc-provider/keys.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { createEncryptor } from "../apps/api/src/lib/encryption.ts";
import { loadScriptConfig, openDatabase } from "./local-setup.ts";

const config = loadScriptConfig();
const database = await openDatabase(config);
const db = createDb(database.url, 1);
try {
  const keys = createSigningKeys({ db, clock: systemClock, encryptor: createEncryptor(config.encryptionKeys) });
  const { kid, retired, deleted } = await keys.rotate();
  console.log(`new signing key ${kid} is current`);
  if (retired.length > 0) console.log(`retired (still published for a day): ${retired.join(", ")}`);
  if (deleted > 0) console.log(`deleted ${deleted} key(s) retired more than a day ago`);
} finally {
  await db.$disconnect();
  await database.stop();
}
