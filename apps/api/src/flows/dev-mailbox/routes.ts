/**
 * The dev mailbox (SPEC §8): in development and tests, the messages the outbox holds —
 * email and SMS — readable over the API and in the SPA. Off unless DEV_MAILBOX=true;
 * when off, the route does not exist.
 */
import { MailboxList, MailboxQuery } from "@portier/shared/dev-mailbox";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { operations } from "../../contract/operation.ts";
import type { Db } from "../../db/client.ts";

const operation = operations("Development");

export const devMailboxRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    "/dev/mailbox",
    operation({
      id: "devListMailbox",
      summary: "Captured email and SMS (only when DEV_MAILBOX=true)",
      auth: "none",
      development: true,
      schema: { querystring: MailboxQuery, response: { 200: MailboxList } },
    }),
    async (request) => {
      const { recipient, limit } = request.query;
      const rows = await db.outboxMessage.findMany({
        where: recipient ? { recipient: recipient.trim().toLowerCase() } : {},
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit,
      });
      return {
        messages: rows.map((m) => ({
          id: m.id,
          channel: m.channel as "email" | "sms",
          recipient: m.recipient,
          template: m.template,
          subject: m.subject,
          text: m.text,
          html: m.html,
          status: m.status,
          createdAt: m.createdAt.toISOString(),
        })),
      };
    },
  );
};
