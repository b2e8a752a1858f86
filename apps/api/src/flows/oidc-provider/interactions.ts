/**
 * The provider's login and consent steps, handed to Portier's own sign-in (SPEC §11):
 * never the library's development pages.
 *
 * The provider sends the browser to /oidc/interaction/<uid> (bound to it by the
 * library's interaction cookie). From there:
 * - login: the browser's Portier session, if valid and fresh enough, completes it at
 *   once — account, `amr` and `auth_time` from that session. Otherwise the SPA's
 *   sign-in (password, OTP, confirmation policy — everything) runs with
 *   `?continue=/oidc/interaction/<uid>` and comes back here. `prompt=login` asks for
 *   a new sign-in: the session this browser had when the request arrived does not
 *   count (it is noted on the interaction); `max_age` asks for one at most that old.
 * - consent: first-party services never get here (provider.ts grants them); a
 *   third-party service's request is shown on the SPA's /authorize/<uid> page, which
 *   answers through `consent`.
 */

import { ErrorCode } from "@portier/shared/errors";
import type { OidcInteraction, OidcScope } from "@portier/shared/oidc";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { InteractionResults } from "oidc-provider";
import { isEmailVerified } from "../../accounts/verified-email.ts";
import { clientAddress } from "../../lib/client-info.ts";
import type { Clock } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import type { AuthenticatedSession } from "../../sessions/service.ts";
import type { OidcProviderHost } from "./provider.ts";
import { apiScopesIn, requestFacts } from "./provider.ts";

type Interaction = Awaited<ReturnType<Awaited<ReturnType<OidcProviderHost["provider"]>>["interactionDetails"]>>;

const SHOWN_SCOPES: readonly OidcScope[] = ["email", "phone", "profile", "offline_access"];

export interface InteractionsDeps {
  host: OidcProviderHost;
  clock: Clock;
  publicUrl: string;
}

/** Where the browser goes next, or a page explaining why it cannot continue. */
export type NextStep = { redirect: string } | { expired: true };

/** What Portier notes on an interaction (the library keeps it with the interaction's result). */
interface PortierNotes {
  /** prompt=login: the Portier session this browser had when the request arrived (it does not count). */
  sessionBefore?: string | null;
  /** The session handed over last: if the provider asks again, another sign-in is needed. */
  sessionId?: string;
}
const notesOf = (results: unknown): PortierNotes => (results as { portier?: PortierNotes } | undefined)?.portier ?? {};

export function createInteractions({ host, clock, publicUrl }: InteractionsDeps) {
  /** The interaction of this browser (its cookie), if it is the one in the address. */
  async function interactionOf(request: FastifyRequest, reply: FastifyReply, uid: string): Promise<Interaction | null> {
    const provider = await host.provider();
    requestFacts.set(request.raw, { ip: clientAddress(request), cookies: request.cookies });
    try {
      const interaction = await provider.interactionDetails(request.raw, reply.raw);
      return interaction.uid === uid ? interaction : null;
    } catch (error) {
      if ((error as { name?: string }).name === "SessionNotFound") return null;
      throw error;
    }
  }

  /**
   * The Portier session of this browser, if valid (an ended one is simply absent). A
   * session of an account whose email is unverified (one from before ADR 025) is never
   * handed to a service: the browser goes to sign-in, which explains why not.
   */
  async function portierSession(request: FastifyRequest) {
    requestFacts.set(request.raw, { ip: clientAddress(request), cookies: request.cookies });
    const session = await host.portierSessionOf(request.raw);
    return session && isEmailVerified(session.account) ? session : null;
  }

  /** Whether this sign-in satisfies what the service asked for (`prompt=login`, `max_age`). */
  function freshEnough(session: AuthenticatedSession, interaction: Interaction): boolean {
    const notes = notesOf(interaction.result);
    if (interaction.prompt.reasons.includes("login_prompt") && (notes.sessionBefore === undefined || notes.sessionBefore === session.id)) {
      return false;
    }
    const maxAge = interaction.params.max_age;
    const authTime = (session.authTime ?? session.createdAt).getTime();
    if (maxAge !== undefined && clock.now().getTime() - authTime > Number(maxAge) * 1000) return false;
    // This very session was handed over already and the provider still asks: another
    // sign-in is needed (e.g. the service asked for a different account by id_token_hint).
    return notesOf(interaction.lastSubmission).sessionId !== session.id;
  }

  function signInAddress(uid: string): string {
    return `${publicUrl}/sign-in?${new URLSearchParams({ continue: `/oidc/interaction/${uid}` })}`;
  }

  /** Stores the result on the interaction; returns where the provider resumes with it. */
  async function finish(request: FastifyRequest, reply: FastifyReply, result: InteractionResults, merge = true): Promise<string> {
    const provider = await host.provider();
    return provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  }

  /** The customer's permission for what the service asks (added to an existing grant). */
  async function grantFor(interaction: Interaction, accountId: string): Promise<string> {
    const provider = await host.provider();
    const clientId = String(interaction.params.client_id);
    const grant =
      (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
    const details = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    // The REST API's scopes (ADR 041): the library offered only those the client is configured for.
    for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {}))
      grant.addResourceScope(resource, scopes.join(" "));
    return grant.save();
  }

  /**
   * `acr` for a service that asks for phishing-resistant sign-in (ADR 040): a passkey is
   * (`phr`); one bound to its device is also hardware-protected (`phrh`), the values of
   * OpenID's EAP ACR values. Other sign-ins state none: `acr_values` is voluntary, and the
   * service sees from the missing `acr` (and from `amr`) that it did not get one.
   */
  function acrOf(amr: readonly string[]): { acr?: string } {
    if (amr.includes("hwk")) return { acr: "phrh" };
    if (amr.includes("swk")) return { acr: "phr" };
    return {};
  }

  function loginResult(session: AuthenticatedSession): InteractionResults {
    // `auth_time` on Portier's clock, as every other time Portier states.
    const authTime = (session.authTime ?? session.createdAt).getTime();
    return {
      login: {
        accountId: session.accountId,
        ...(session.amr.length > 0 ? { amr: session.amr } : {}),
        ...acrOf(session.amr),
        ts: Math.floor(authTime / 1000),
        remember: true,
      },
      portier: { sessionId: session.id },
    };
  }

  return {
    /** GET /oidc/interaction/<uid>: the browser arrives from the provider or from sign-in. */
    async next(request: FastifyRequest, reply: FastifyReply, uid: string): Promise<NextStep> {
      const interaction = await interactionOf(request, reply, uid);
      if (!interaction) return { expired: true };
      const session = await portierSession(request);
      if (interaction.prompt.name === "login") {
        if (interaction.prompt.reasons.includes("login_prompt") && notesOf(interaction.result).sessionBefore === undefined) {
          // First arrival with prompt=login: note the session to ignore, then ask for a sign-in.
          await finish(request, reply, { portier: { sessionBefore: session?.id ?? null } }, false);
          return { redirect: signInAddress(uid) };
        }
        if (!session || !freshEnough(session, interaction)) return { redirect: signInAddress(uid) };
        return { redirect: await finish(request, reply, loginResult(session)) };
      }
      // consent: only for the customer the provider signed in.
      if (!session) return { redirect: signInAddress(uid) };
      if (session.accountId !== interaction.session?.accountId) {
        // Signed in as someone else meanwhile: that account signs in to the service instead.
        return { redirect: await finish(request, reply, loginResult(session)) };
      }
      // The provider's own services are not asked about (even when they send prompt=consent).
      if (host.clientsById.get(String(interaction.params.client_id))?.firstParty) {
        return { redirect: await finish(request, reply, { consent: { grantId: await grantFor(interaction, session.accountId) } }) };
      }
      return { redirect: `${publicUrl}/authorize/${uid}` };
    },

    /** What the consent page (and the sign-in page's "continue to …" line) shows. */
    async describe(request: FastifyRequest, reply: FastifyReply, uid: string): Promise<OidcInteraction> {
      const interaction = await interactionOf(request, reply, uid);
      if (!interaction) throw interactionNotFound();
      const clientId = String(interaction.params.client_id);
      const client = host.clientsById.get(clientId);
      const session = await portierSession(request);
      const requested = String(interaction.params.scope ?? "").split(" ");
      return {
        prompt: interaction.prompt.name === "consent" ? "consent" : "login",
        client: { name: client?.name ?? clientId, firstParty: client?.firstParty ?? false },
        scopes: SHOWN_SCOPES.filter((scope) => requested.includes(scope)),
        apiScopes: apiScopesIn(String(interaction.params.scope ?? "")).filter((scope) => client?.apiScopes.includes(scope)),
        signedInAs: session?.account.email ?? null,
      };
    },

    /** The customer's answer on the consent page; returns where the browser goes next. */
    async consent(request: FastifyRequest, reply: FastifyReply, uid: string, decision: "allow" | "deny"): Promise<string> {
      const interaction = await interactionOf(request, reply, uid);
      if (interaction?.prompt.name !== "consent") throw interactionNotFound();
      const session = request.session as AuthenticatedSession;
      if (interaction.session?.accountId !== session.accountId) {
        throw new AppError(
          ErrorCode.OIDC_INTERACTION_OTHER_ACCOUNT,
          "This request was started for another Portier account. Go back to the service and start again.",
        );
      }
      if (decision === "deny") {
        return finish(request, reply, { error: "access_denied", error_description: "The customer did not allow access." });
      }
      return finish(request, reply, { consent: { grantId: await grantFor(interaction, session.accountId) } });
    },
  };
}

function interactionNotFound() {
  return new AppError(
    ErrorCode.OIDC_INTERACTION_NOT_FOUND,
    "This sign-in request has ended or was started in another browser. Go back to the service and start again.",
  );
}

export type Interactions = ReturnType<typeof createInteractions>;
