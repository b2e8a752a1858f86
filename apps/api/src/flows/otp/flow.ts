import { otpErrors } from "@portier/shared/otp";
import { defineFlow } from "../flow.ts";
import { otpMessages } from "./messages.ts";
import { otpRoutes } from "./routes.ts";

/** Two-factor authentication: setting it up, showing the key again, turning it off (SPEC §5). */
export const otpFlow = defineFlow({
  name: "otp",
  errors: otpErrors,
  messages: otpMessages,
  routes: (api, { otp }) => api.register(otpRoutes, { otp }),
});
