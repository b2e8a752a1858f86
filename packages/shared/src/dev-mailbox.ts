import { z } from "zod";
import { singleLine } from "./common.ts";

export const MailboxMessage = z
  .object({
    id: z.string(),
    channel: z.enum(["email", "sms"]),
    recipient: z.string(),
    template: z.string(),
    subject: z.string().nullable(),
    text: z.string(),
    html: z.string().nullable(),
    status: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "MailboxMessage" });
export type MailboxMessage = z.infer<typeof MailboxMessage>;

export const MailboxQuery = z.strictObject({
  recipient: singleLine(z.string().max(320)).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MailboxList = z.object({ messages: z.array(MailboxMessage) });

/** The API's time under DEV_CLOCK=true (end-to-end tests). */
export const DevClock = z.object({ now: z.string() }).meta({ id: "DevClock" });
/** Forward only, at most 30 days at a time. */
export const DevClockAdvance = z
  .strictObject({
    advanceMs: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60 * 60 * 1000),
  })
  .meta({ id: "DevClockAdvance" });
