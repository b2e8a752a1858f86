import { type RefObject, useEffect } from "react";
import type { FormErrors } from "./problem.ts";

/** After a failed submit, move keyboard focus to the first invalid field (or the form alert). */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, errors: FormErrors) {
  useEffect(() => {
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
    if (!target) return;
    if (target.getAttribute("role") === "alert" && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }, [form, errors]);
}
