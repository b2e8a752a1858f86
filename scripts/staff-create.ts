/**
 * `pnpm staff:create --email a@b.cz --name "Jana Nováková" --role agent|admin`
 *
 * Creates a member of the authorization department (SPEC §9). The password is read from
 * the terminal (asked twice, not echoed) or, when stdin is not a terminal, from its first
 * line — never from an argument (it would stay in the shell history) and never a default.
 * It must pass the customers' password rules (SPEC §1). A new OTP key is generated and
 * printed once, as an otpauth:// URI and as text: staff cannot sign in without it.
 *
 * Database and secrets as the API reads them (DATABASE_URL, PASSWORD_PEPPER,
 * ENCRYPTION_KEYS, …). Without them it uses the local setup of `pnpm start`: the secrets
 * in .data/dev-secrets.json and the embedded PostgreSQL (already running or started here).
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createDb } from "../apps/api/src/db/client.ts";
import { applyMigrations } from "../apps/api/src/db/schema-engine.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { createEncryptor } from "../apps/api/src/lib/encryption.ts";
import { createPasswordHasher } from "../apps/api/src/passwords/hashing.ts";
import { createStaffMember, STAFF_ROLE_NAMES, StaffInputError, type StaffRole } from "../apps/api/src/staff/members.ts";
import { fail, loadScriptConfig, openDatabase } from "./local-setup.ts";

const USAGE = 'usage: pnpm staff:create --email <email> --name "<full name>" --role agent|admin   (password from the prompt or stdin)';

const { values } = (() => {
  try {
    return parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } }, strict: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();
if (!values.email || !values.name || !values.role) fail(USAGE);
if (!STAFF_ROLE_NAMES.includes(values.role)) fail(`--role must be one of: ${STAFF_ROLE_NAMES.join(", ")}\n${USAGE}`);

/** Hidden input on a terminal (asked twice); the first line of stdin otherwise. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) return line;
    return fail("No password on stdin.");
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const output = rl as unknown as { _writeToOutput(text: string): void };
      let prompted = false;
      output._writeToOutput = (text) => {
        // Echo the prompt once, then nothing of what is typed.
        if (!prompted) process.stdout.write(text);
        prompted = true;
      };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("Password for the new staff member: ");
  const second = await ask("The same password again: ");
  if (first !== second) fail("The passwords do not match.");
  return first;
}

const config = loadScriptConfig();
const password = await readPassword();

const database = await openDatabase(config);
const databaseUrl = database.url;
const db = createDb(databaseUrl, 1);
let exitCode = 0;
try {
  await applyMigrations(databaseUrl);
  const member = await createStaffMember(
    {
      db,
      clock: systemClock,
      hasher: createPasswordHasher({ pepper: config.passwords.pepper, cost: config.passwords.bcryptCost }),
      encryptor: createEncryptor(config.encryptionKeys),
    },
    { email: values.email, name: values.name, role: values.role as StaffRole, password },
  );
  console.log(`Created staff member ${member.email} (${member.name}, ${member.role}), id ${member.id}.`);
  console.log("Add this OTP key to the staff member's authenticator app now; it is not shown again:");
  console.log(`  otpauth URI: ${member.otpauthUri}`);
  console.log(`  key:         ${member.secretGrouped}`);
} catch (error) {
  if (!(error instanceof StaffInputError)) throw error;
  console.error(error.message);
  exitCode = 2;
} finally {
  await db.$disconnect();
  await database.stop();
}
process.exit(exitCode);
