import { otpRecoveryErrors } from "@portier/shared/otp";
import { defineFlow } from "../flow.ts";
import { otpRecoveryMessages } from "./messages.ts";
import { otpRecoveryRoutes } from "./routes.ts";
import { createOtpRecoveryService } from "./service.ts";

/** Turning OTP off with the emailed link and a code sent to the verified phone (SPEC §6). */
export const otpRecoveryFlow = defineFlow({
  name: "otp-recovery",
  errors: otpRecoveryErrors,
  messages: otpRecoveryMessages,
  routes: (api, { db, clock, outbox, smsCodes, sessions, verifyCaptcha }) =>
    api.register(otpRecoveryRoutes, { recovery: createOtpRecoveryService({ db, clock, outbox, smsCodes, sessions, verifyCaptcha }) }),
});
