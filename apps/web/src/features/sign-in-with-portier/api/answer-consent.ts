import { type OidcConsentRequest, OidcConsentResponse } from "@portier/shared/oidc";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { interactionRequest } from "../../../lib/oidc-interaction.ts";

/** The customer's answer to a service's request; the answer says where the browser goes next. */
export const answerConsent = (path: string, decision: OidcConsentRequest["decision"]) =>
  interactionRequest(`${path}/consent`, { method: "POST", body: { decision }, parse: (json) => OidcConsentResponse.parse(json) });

export const answerConsentMutationOptions = (path: string) =>
  mutationOptions({
    mutationKey: ["oidc-consent", path],
    mutationFn: (decision: OidcConsentRequest["decision"]) => answerConsent(path, decision),
  });

export const useAnswerConsent = (path: string) => useMutation(answerConsentMutationOptions(path));
