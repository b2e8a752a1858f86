import { defineFlow } from "../flow.ts";
import { signupRoutes } from "./routes.ts";

/** Sign-up and the email verification link (SPEC §1). */
export const signupFlow = defineFlow({
  name: "signup",
  emails: ["signup_verify_email", "signup_already_registered"],
  linkPurposes: ["email_verification"],
  routes: (api, { signup, captcha }) => api.register(signupRoutes, { signup, captcha }),
});
