import type { SharedLoginCallbackRequest } from "@portier/shared/shared-login";
import { SharedLoginCallbackResponse } from "@portier/shared/shared-login";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";

export type CallbackParams = z.input<typeof SharedLoginCallbackRequest>;

export const completeCallback = (body: CallbackParams) =>
  api("/shared-login/callback", { method: "POST", body, schema: SharedLoginCallbackResponse });

export const useCompleteCallback = () =>
  useMutation(mutationOptions({ mutationKey: ["shared-login", "callback"], mutationFn: completeCallback }));
