import { type SupportRequestCreate, SupportRequestCreated } from "@portier/shared/support";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Files the request; the answer is only its reference (the same whether or not an account matches). */
export const createSupportRequest = (body: SupportRequestCreate) =>
  api("/support-requests", { method: "POST", body, schema: SupportRequestCreated });

export const createSupportRequestMutationOptions = () =>
  mutationOptions({ mutationKey: ["support", "create"], mutationFn: createSupportRequest });

export const useCreateSupportRequest = () => useMutation(createSupportRequestMutationOptions());
