/**
 * Signing keys in PostgreSQL (SPEC §11): private halves encrypted, rotation without
 * breaking tokens already issued, and every instance following a rotation on its own.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { appForFile, TEST_ENV } from "../../../test/app.ts";
import {
  authorizationRequest,
  CLIENTS,
  createAccount,
  exchangeCode,
  httpBrowser,
  jsonOf,
  REDIRECT,
  relyingParty,
  signInWithPassword,
  startListeningApp,
} from "../../../test/oidc-provider.ts";
import { DAY } from "../../lib/clock.ts";
import { createEncryptor, parseEncryptionKeys } from "../../lib/encryption.ts";
import { createSigningKeys } from "./keys.ts";
import { KEY_RECHECK_MS } from "./provider.ts";

const t = appForFile(startListeningApp);

const encryptor = createEncryptor(parseEncryptionKeys(TEST_ENV.ENCRYPTION_KEYS));
const keysOf = () => createSigningKeys({ db: t.db, clock: t.clock, encryptor });

async function idToken(): Promise<string> {
  const account = await createAccount(t);
  const browser = httpBrowser(t.baseUrl);
  await signInWithPassword(browser, account);
  const rp = await relyingParty(t.issuer, "firstParty");
  const request = await authorizationRequest(rp, REDIRECT.firstParty);
  const done = await browser.follow(request.url.href);
  const tokens = await exchangeCode(rp, done.url, request);
  return tokens.id_token as string;
}

async function jwks(): Promise<{ keys: { kid: string }[] }> {
  return jsonOf(await fetch(`${t.issuer}/jwks`));
}

async function verifies(token: string): Promise<boolean> {
  try {
    await jwtVerify(token, createLocalJWKSet(await jwks()), { issuer: t.issuer, audience: CLIENTS.firstParty.id });
    return true;
  } catch {
    return false;
  }
}

describe("signing keys", () => {
  it("are kept in the database with the private half encrypted", async () => {
    await idToken();
    const rows = await t.db.oidcSigningKey.findMany();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.privateJwk.startsWith("v1.test1.")).toBe(true);
    expect(row?.privateJwk).not.toContain('"d"');
    expect(JSON.stringify(row?.publicJwk)).not.toContain('"d"');
  });

  it("rotate without breaking tokens already issued; instances follow within the recheck interval", async () => {
    const before = await idToken();
    const oldKid = decodeProtectedHeader(before).kid as string;

    const { kid: newKid, retired } = await keysOf().rotate();
    expect(retired).toEqual([oldKid]);
    // Published at once, by every instance (the JWKS is read from the database).
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([newKid, oldKid]);

    // This instance signs with the new key once it looks again (within KEY_RECHECK_MS).
    t.advanceMonotonic(KEY_RECHECK_MS);
    const after = await idToken();
    expect(decodeProtectedHeader(after).kid).toBe(newKid);

    // The token signed before the rotation still verifies against the published keys.
    expect(await verifies(before)).toBe(true);
    expect(await verifies(after)).toBe(true);

    // A day later the next rotation removes the old key: what it signed has long expired.
    t.clock.advance(DAY + 1000);
    const third = await keysOf().rotate();
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([third.kid, newKid]);
    expect(await verifies(before)).toBe(false);
    expect(await t.db.oidcSigningKey.count({ where: { kid: oldKid } })).toBe(0);
  });

  it("are re-encrypted under a new ENCRYPTION_KEYS key (pnpm keys:rotate)", async () => {
    await idToken();
    const rotated = createEncryptor(parseEncryptionKeys(`k2:${Buffer.alloc(32, 7).toString("base64")},${TEST_ENV.ENCRYPTION_KEYS}`));
    const keys = createSigningKeys({ db: t.db, clock: t.clock, encryptor: rotated });
    expect(await keys.reencrypt()).toBeGreaterThan(0);
    expect(await keys.reencrypt()).toBe(0);
    const rows = await t.db.oidcSigningKey.findMany();
    expect(rows.every((r) => r.privateJwk.startsWith("v1.k2."))).toBe(true);
    expect((await keys.forProvider()).length).toBe(rows.length);
  });
});
