/**
 * Dev seeding (DEV_SEED=true, which needs DEV_MAILBOX=true; ADR 038): a ready account in
 * any state, or a staff member, in one request — what the Playwright fixtures give a test.
 * When off, the routes do not exist.
 */

import { SeedAccountRequest, SeededAccount, SeededStaff, SeedStaffRequest } from "@portier/shared/dev-seed";
import { ErrorCode } from "@portier/shared/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { operations } from "../../contract/operation.ts";
import { fieldError } from "../../lib/errors.ts";
import { toBase32 } from "../../otp/totp.ts";
import { StaffInputError } from "../../staff/members.ts";
import { SEED_STAFF_PASSWORD, type SeedDeps, seedAccount, seedStaff } from "./accounts.ts";

const operation = operations("Development");

export const devSeedRoutes: FastifyPluginAsyncZod<{ deps: SeedDeps; providers: readonly string[] }> = async (app, { deps, providers }) => {
  app.post(
    "/dev/seed/accounts",
    operation({
      id: "devSeedAccount",
      summary: "A ready account in a state: unverified, verified, with OTP, with a linked identity (only when DEV_SEED=true)",
      auth: "none",
      errors: ["EMAIL_TAKEN", "SHARED_LOGIN_LINKED_ELSEWHERE"],
      development: true,
      schema: { body: SeedAccountRequest, response: { 201: SeededAccount } },
    }),
    async (request, reply) => {
      const { state, identity, ...rest } = request.body;
      if (identity && !providers.includes(identity.provider)) {
        throw fieldError(
          ErrorCode.VALIDATION_FAILED,
          "identity.provider",
          `No shared-login provider "${identity.provider}" is configured.`,
        );
      }
      const seeded = await seedAccount(deps, {
        ...rest,
        verified: state !== "unverified",
        otp: state === "otp",
        ...(identity ? { identity } : {}),
      });
      return reply.code(201).send({ ...seeded, state, otpSecret: seeded.otpSecret ? toBase32(seeded.otpSecret) : null });
    },
  );

  app.post(
    "/dev/seed/staff",
    operation({
      id: "devSeedStaff",
      summary: "A staff member with password and OTP key, as `pnpm staff:create` makes one (only when DEV_SEED=true)",
      auth: "none",
      errors: ["EMAIL_TAKEN"],
      development: true,
      schema: { body: SeedStaffRequest, response: { 201: SeededStaff } },
    }),
    async (request, reply) => {
      try {
        const staff = await seedStaff(deps, request.body);
        return reply.code(201).send({
          id: staff.id,
          email: staff.email,
          name: staff.name,
          role: staff.role,
          password: SEED_STAFF_PASSWORD,
          otpSecret: staff.secret,
        });
      } catch (error) {
        // The input is validated above: what is left is an address already in use.
        if (error instanceof StaffInputError) throw fieldError(ErrorCode.EMAIL_TAKEN, "email", error.message);
        throw error;
      }
    },
  );
};
