import { type ResendEmailRequest, ResendEmailResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";

export const resendEmail = (body: z.input<typeof ResendEmailRequest>) =>
  api("/signup/resend-email", { method: "POST", body, schema: ResendEmailResponse });

export const resendEmailMutationOptions = () => mutationOptions({ mutationKey: ["signup", "resend-email"], mutationFn: resendEmail });

export const useResendEmail = () => useMutation(resendEmailMutationOptions());
