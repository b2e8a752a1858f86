import type { StaffMe } from "@portier/shared/staff";

/** How staff know they deal with the customer (SPEC §9): the SMS code read back, or other evidence. */
export type IdentityProof = "sms_code" | "other_means";

/** The choices, labelled; other evidence is an admin's call (ADR 019). */
export const proofOptions = (me: StaffMe, label: (option: IdentityProof) => string) =>
  (["sms_code", "other_means"] as const).map((value) => ({
    value,
    label: label(value),
    disabled: value === "other_means" && me.role !== "admin",
  }));
