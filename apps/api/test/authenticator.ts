/**
 * A software WebAuthn authenticator for API tests (issue 17): ES256 keys from node:crypto,
 * the CBOR it needs written out by hand, and answers shaped as a browser returns them
 * (RegistrationResponseJSON / AuthenticationResponseJSON). It signs what a real
 * authenticator signs, so the server's checks (challenge, origin, RP id hash, flags,
 * signature, counter) run for real; options let a test break exactly one of them.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

/** CBOR (RFC 8949) of the few types WebAuthn's structures use. */
export function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const parts = [head(5, value.size)];
  for (const [k, v] of value) parts.push(cbor(k), cbor(v));
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString("base64url");

export interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  /** x and y of the P-256 public key. */
  x: Buffer;
  y: Buffer;
  userHandle: string;
  signCount: number;
}

export interface AuthenticatorOptions {
  /** Backup eligible (a synced passkey); default true. */
  synced?: boolean;
  /** Keep a signature counter that grows with each use (default true; synced passkeys often keep 0). */
  counter?: boolean;
}

export interface Overrides {
  origin?: string;
  rpId?: string;
  /** Leave out user verification (UV flag). */
  noUserVerification?: boolean;
  /** Sign with this counter instead of the next one. */
  signCount?: number;
  /** Another ceremony type in clientDataJSON. */
  type?: string;
  challenge?: string;
}

export function createAuthenticator(defaults: { origin: string; rpId: string }, options: AuthenticatorOptions = {}) {
  const synced = options.synced ?? true;
  const keepsCounter = options.counter ?? true;
  const credentials: Credential[] = [];

  const flags = (o: Overrides, attested: boolean) =>
    0x01 | (o.noUserVerification ? 0 : 0x04) | (synced ? 0x08 | 0x10 : 0) | (attested ? 0x40 : 0);

  const clientData = (type: string, challenge: string, o: Overrides) =>
    Buffer.from(
      JSON.stringify({
        type: o.type ?? type,
        challenge: o.challenge ?? challenge,
        origin: o.origin ?? defaults.origin,
        crossOrigin: false,
      }),
    );

  function counterBytes(count: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(count);
    return b;
  }

  return {
    credentials,

    /** navigator.credentials.create() with the server's options: a new ES256 credential. */
    register(creationOptions: Record<string, unknown>, o: Overrides = {}) {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const jwk = publicKey.export({ format: "jwk" });
      const user = creationOptions.user as { id: string };
      const credential: Credential = {
        id: randomBytes(32),
        privateKey,
        x: Buffer.from(jwk.x as string, "base64url"),
        y: Buffer.from(jwk.y as string, "base64url"),
        userHandle: user.id,
        signCount: 0,
      };
      credentials.push(credential);
      const coseKey = cbor(
        new Map<number, Cbor>([
          [1, 2],
          [3, -7],
          [-1, 1],
          [-2, credential.x],
          [-3, credential.y],
        ]),
      );
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credential.id.length);
      const authData = Buffer.concat([
        sha256(o.rpId ?? defaults.rpId),
        Buffer.from([flags(o, true)]),
        counterBytes(0),
        Buffer.alloc(16), // AAGUID: zeros (attestation none)
        idLength,
        credential.id,
        coseKey,
      ]);
      const attestationObject = cbor(
        new Map<string, Cbor>([
          ["fmt", "none"],
          ["attStmt", new Map()],
          ["authData", authData],
        ]),
      );
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: "public-key" as const,
        response: {
          clientDataJSON: b64url(clientData("webauthn.create", creationOptions.challenge as string, o)),
          attestationObject: b64url(attestationObject),
          transports: ["internal" as const],
        },
        authenticatorAttachment: "platform" as const,
        clientExtensionResults: {},
      };
    },

    /** navigator.credentials.get() with the server's options, signed by `credential` (default: the newest). */
    assert(requestOptions: Record<string, unknown>, o: Overrides = {}, credential = credentials.at(-1)) {
      if (!credential) throw new Error("no credential registered in this authenticator");
      if (keepsCounter) credential.signCount += 1;
      const authData = Buffer.concat([
        sha256(o.rpId ?? defaults.rpId),
        Buffer.from([flags(o, false)]),
        counterBytes(o.signCount ?? (keepsCounter ? credential.signCount : 0)),
      ]);
      const clientDataJSON = clientData("webauthn.get", requestOptions.challenge as string, o);
      const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: "public-key" as const,
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: credential.userHandle,
        },
        authenticatorAttachment: "platform" as const,
        clientExtensionResults: {},
      };
    },
  };
}

export type SoftwareAuthenticator = ReturnType<typeof createAuthenticator>;
