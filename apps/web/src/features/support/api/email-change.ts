import { SupportEmailChangeConfirmed, SupportEmailChangeInfo } from "@portier/shared/support";
import { useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** What the emailed link will do; a POST, so the token never appears in a URL that reaches a server. */
export const inspectEmailChange = postToken("/support-requests/email-change/inspect", SupportEmailChangeInfo);

export const confirmEmailChange = postToken("/support-requests/email-change/confirm", SupportEmailChangeConfirmed);

/** Opening the page asks what the link will do; its button confirms. */
export const useInspectEmailChange = () =>
  useMutation({ mutationKey: ["support", "email-change", "inspect"], mutationFn: inspectEmailChange });
export const useConfirmEmailChange = () =>
  useMutation({ mutationKey: ["support", "email-change", "confirm"], mutationFn: confirmEmailChange });
