import { SupportEmailChangeConfirmed, SupportEmailChangeInfo } from "@portier/shared/support";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** What the emailed link will do; a POST, so the token never appears in a URL that reaches a server. */
export const inspectEmailChange = postToken("/support-requests/email-change/inspect", SupportEmailChangeInfo);

export const confirmEmailChange = postToken("/support-requests/email-change/confirm", SupportEmailChangeConfirmed);

export const inspectEmailChangeMutationOptions = () =>
  mutationOptions({ mutationKey: ["support", "email-change", "inspect"], mutationFn: inspectEmailChange });

export const confirmEmailChangeMutationOptions = () =>
  mutationOptions({ mutationKey: ["support", "email-change", "confirm"], mutationFn: confirmEmailChange });

export const useInspectEmailChange = () => useMutation(inspectEmailChangeMutationOptions());
export const useConfirmEmailChange = () => useMutation(confirmEmailChangeMutationOptions());
