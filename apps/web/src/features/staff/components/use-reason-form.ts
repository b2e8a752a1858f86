import { RejectRequest } from "@portier/shared/staff";
import { useTranslation } from "react-i18next";
import { useForm } from "../../../lib/use-form.ts";

/**
 * A staff action that states why (ADR 019: the reason goes to the audit log): the reason
 * checked with the shared schema, and the API's refusal shown beside it.
 */
export function useReasonForm(run: (reason: string) => Promise<unknown>) {
  const { t } = useTranslation();
  const form = useForm({ schema: RejectRequest, initial: { reason: "" }, message: () => t("staff.validation.reason") });
  const onSubmit = form.onSubmit(async ({ reason }) => {
    try {
      await run(reason);
    } catch (error) {
      form.fail(error, "reason");
    }
  });
  return { form, onSubmit };
}

export type ReasonForm = ReturnType<typeof useReasonForm>["form"];
