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

/**
 * A dev clock scope (ADR 038), named in the `x-portier-clock-scope` header: each
 * end-to-end test sends its own, so tests side by side move their own time.
 */
export const ClockScope = z.string().regex(/^[\w-]{1,64}$/, "A clock scope is 1–64 letters, digits, - or _.");
export const DevClockHeaders = z.object({ "x-portier-clock-scope": ClockScope.optional() });
