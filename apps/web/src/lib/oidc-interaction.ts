/**
 * Sign in with Portier (SPEC §11): a service sent the customer here to sign in. The
 * provider's interaction lives under /oidc/interaction/<uid> (its cookie is scoped to
 * that path, so these requests go there rather than to /api/v1). Shared by the sign-in
 * page ("continue to …") and the consent page.
 */
import { Problem } from "@portier/shared/errors";
import { INTERACTION_PATH, OidcInteraction } from "@portier/shared/oidc";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError } from "./api-client.ts";

/** `?continue=/oidc/interaction/<uid>` from the provider, if it has exactly that shape (no open redirect). */
export function continuePathOf(search: string): string | null {
  const value = new URLSearchParams(search).get("continue");
  return value && INTERACTION_PATH.test(value) ? value : null;
}

export const interactionPath = (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}`;

/** A JSON request to the provider's interaction routes; errors become ApiErrors as elsewhere. */
export async function interactionRequest<T>(
  path: string,
  { method = "GET", body, parse }: { method?: "GET" | "POST"; body?: unknown; parse: (json: unknown) => T },
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: "same-origin" });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const problem = Problem.safeParse(await response.json().catch(() => null));
    throw new ApiError(response.status, problem.success ? problem.data : null);
  }
  return parse(await response.json());
}

export const interactionQueryOptions = (path: string) =>
  queryOptions({
    queryKey: ["oidc-interaction", path],
    queryFn: () => interactionRequest(`${path}/details`, { parse: (json) => OidcInteraction.parse(json) }),
    retry: false,
  });

/** On the sign-in page: where to go once signed in, and the name of the service that asked. */
export function useServiceSignIn(search: string) {
  const continuePath = continuePathOf(search);
  const interaction = useQuery({ ...interactionQueryOptions(continuePath ?? ""), enabled: continuePath !== null });
  return { continuePath, serviceName: interaction.data?.client.name ?? null };
}
