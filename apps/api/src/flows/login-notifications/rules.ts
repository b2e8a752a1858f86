/**
 * When a successful sign-in is worth an email (SPEC §4): the six policies as one pure
 * function over what this sign-in looks like and what the account has been seen with.
 * The caller looks the sightings up by primary key (sightings.ts), so deciding costs
 * the same however long the history is.
 */
import type { LoginNotificationPolicy } from "@portier/shared/login-notifications";

/** What a sign-in was made with. */
export interface SignInFacts {
  /** SHA-256 of the long-lived browser cookie; null for clients that keep no cookies (bearer). */
  browserIdHash: string | null;
  /** Country code from the IP database; null for private and unknown addresses. */
  country: string | null;
  ip: string;
  /** Normalised browser: family, major version and OS (client-info.ts `userAgentKey`). */
  agent: string;
}

/** What the account's earlier successful sign-ins were made with, as far as this sign-in asks. */
export interface Known {
  browserSeen: boolean;
  countrySeen: boolean;
  ipSeen: boolean;
  agentSeen: boolean;
  /** IP and browser of the last successful sign-in; null before the first. */
  lastIp: string | null;
  lastAgent: string | null;
}

/** The kinds of sighting (sightings.ts) a sign-in can have been seen with before. */
export type SightingKind = "browser_id" | "country" | "ip" | "agent";

/**
 * Which sightings `notificationDue` reads under a policy, for this sign-in: the caller
 * looks up only these (none, no query). A client without the browser cookie is new to
 * `new_browser` whatever was seen; `changed_since_last` compares with the account's own
 * last sign-in. `rules.test.ts` checks that no other sighting changes the answer.
 */
export function sightingsNeeded(policy: LoginNotificationPolicy, facts: SignInFacts): SightingKind[] {
  switch (policy) {
    case "new_browser":
      return facts.browserIdHash === null ? [] : ["browser_id"];
    case "unknown_location":
      return ["country"];
    case "changed_vs_history":
      return ["ip", "agent"];
    case "every_login":
    case "changed_since_last":
    case "never":
      return [];
  }
}

export function notificationDue(policy: LoginNotificationPolicy, facts: SignInFacts, known: Known): boolean {
  switch (policy) {
    case "every_login":
      return true;
    case "new_browser":
      // A client without the cookie cannot be recognised: every sign-in of it is "new".
      return facts.browserIdHash === null || !known.browserSeen;
    case "unknown_location":
      return !known.countrySeen;
    case "changed_since_last":
      return facts.ip !== known.lastIp || facts.agent !== known.lastAgent;
    case "changed_vs_history":
      return !known.ipSeen || !known.agentSeen;
    case "never":
      return false;
  }
}
