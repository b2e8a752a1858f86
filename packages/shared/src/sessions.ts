import { z } from "zod";
import { defineErrors } from "./define-errors.ts";

export const SessionView = z
  .object({
    id: z.string(),
    /** The session making this request. */
    current: z.boolean(),
    browser: z.string(),
    os: z.string(),
    ip: z.string(),
    country: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
  })
  .meta({ id: "Session" });
export type SessionView = z.infer<typeof SessionView>;

export const SessionList = z.object({ sessions: z.array(SessionView) }).meta({ id: "SessionList" });
export const SessionIdParams = z.strictObject({ id: z.uuid({ message: "Not a session id." }) });
export const RevokeAllResponse = z.object({ ended: z.number().int() }).meta({ id: "RevokeAllResponse" });

/** The sessions page's error codes. */
export const sessionListErrors = defineErrors({
  SESSION_NOT_FOUND: { status: 404 },
});
