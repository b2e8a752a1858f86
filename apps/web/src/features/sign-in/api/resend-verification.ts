import { type ResendEmailRequest, ResendEmailResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";

/**
 * The right password for an account whose email is not verified yet gets no session
 * (ADR 025): from the sign-in page the customer asks for a new verification link. The
 * API answers the same for every address and voids the previous link.
 */
export const resendVerification = (body: z.input<typeof ResendEmailRequest>) =>
  api("/signup/resend-email", { method: "POST", body, schema: ResendEmailResponse });

export const resendVerificationMutationOptions = () =>
  mutationOptions({ mutationKey: ["auth", "sign-in", "resend-verification"], mutationFn: resendVerification });

export const useResendVerification = () => useMutation(resendVerificationMutationOptions());
