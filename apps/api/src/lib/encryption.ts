/**
 * Secrets at rest (OTP keys now; signing keys later): AES-256-GCM under a configured
 * key with an id, so keys can be rotated. Stored as `v1.<keyId>.<iv>.<ciphertext+tag>`
 * (base64url). The associated data binds a ciphertext to its row (e.g. the account id):
 * a ciphertext copied to another account does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface Encryptor {
  /** Id of the key new ciphertexts are made with. */
  currentKeyId: string;
  encrypt(plaintext: Buffer, associatedData: string): string;
  decrypt(ciphertext: string, associatedData: string): Buffer;
  keyIdOf(ciphertext: string): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `ENCRYPTION_KEYS="k2:<base64 32 bytes>,k1:<…>"`: the first is current, the others still decrypt. */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, material] = entry.split(":");
      if (!id || !material || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`"${entry.slice(0, 12)}…" is not id:base64key`);
      const key = Buffer.from(material, "base64");
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes (base64 of 32 random bytes), not ${key.length}`);
      return { id, key };
    });
}

export function createEncryptor(keys: EncryptionKey[]): Encryptor {
  const current = keys[0];
  if (!current) throw new Error("no encryption key configured");
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    currentKeyId: current.id,
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return `v1.${current.id}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    decrypt(ciphertext, associatedData) {
      const [version, keyId, ivText, bodyText] = ciphertext.split(".");
      if (version !== "v1" || !keyId || !ivText || !bodyText) throw new Error("not a Portier ciphertext");
      const key = byId.get(keyId);
      if (!key) throw new Error(`encryption key "${keyId}" is not configured`);
      const body = Buffer.from(bodyText, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
    },
    keyIdOf(ciphertext) {
      return ciphertext.split(".")[1] ?? "";
    },
  };
}
