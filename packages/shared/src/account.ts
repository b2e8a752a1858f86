import { z } from "zod";

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
