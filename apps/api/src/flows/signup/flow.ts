import { defineFlow } from "../flow.ts";
import { signupMessages } from "./messages.ts";
import { signupRoutes } from "./routes.ts";

/** Sign-up and the email verification link (SPEC §1). */
export const signupFlow = defineFlow({
  name: "signup",
  messages: signupMessages,
  linkPurposes: ["email_verification"],
  routes: (api, { signup, captcha }) => api.register(signupRoutes, { signup, captcha }),
});
