/**
 * The shared-login providers (SPEC §7), from SHARED_LOGIN_PROVIDERS: a JSON array, one
 * object per provider. Parsed by config.ts with the rest of the environment, so a
 * mistake stops the API at start with the others.
 */
import { ProviderId } from "@portier/shared/shared-login";
import { z } from "zod";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Plain http is allowed only for an issuer on this machine (the local test provider). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

const Provider = z.strictObject({
  id: ProviderId,
  displayName: z.string().trim().min(1).max(64),
  /** The issuer identifier; its /.well-known/openid-configuration is discovered. */
  issuer: z.url().refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackUrl(new URL(value)));
  }, "the issuer must be an https URL (plain http only on 127.0.0.1 or localhost)"),
  clientId: z.string().min(1).max(512),
  clientSecret: z.string().min(1).max(512),
  /** `openid` is always asked for; `email` and `profile` give what the pages show. */
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "not a scope token")).default(["openid", "email", "profile"]),
});
export type ProviderConfig = z.infer<typeof Provider>;

export const SharedLoginProvidersSchema = z
  .string()
  .default("[]")
  .transform((text, ctx) => {
    if (text.trim() === "") return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of providers" });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(Provider).superRefine((providers, ctx) => {
      const seen = new Set<string>();
      for (const provider of providers) {
        if (seen.has(provider.id)) ctx.addIssue({ code: "custom", message: `provider id "${provider.id}" is used twice` });
        seen.add(provider.id);
      }
    }),
  )
  .transform((providers) => providers.map((p) => ({ ...p, scopes: p.scopes.includes("openid") ? p.scopes : ["openid", ...p.scopes] })));
