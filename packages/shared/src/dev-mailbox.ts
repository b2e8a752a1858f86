import { z } from "zod";

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
  recipient: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MailboxList = z.object({ messages: z.array(MailboxMessage) });
