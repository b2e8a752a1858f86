import { z } from "zod";
import { defineErrors } from "./define-errors.ts";

export const AccountView = z
  .object({
    id: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    phone: z.string(),
    phoneVerified: z.boolean(),
    locale: z.enum(["en", "cs"]),
    createdAt: z.string(),
  })
  .meta({ id: "Account" });
export type AccountView = z.infer<typeof AccountView>;

/** The account page's own error codes (phone verification). */
export const accountErrors = defineErrors({
  PHONE_ALREADY_VERIFIED: { status: 409 },
});
