import type { ReactNode } from "react";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { OverviewPage } from "../features/account/components/overview-page.tsx";
import { SecurityPage } from "../features/account-security/components/security-page.tsx";
import { MailboxPage } from "../features/dev-mailbox/components/mailbox-page.tsx";
import { OtpRecoveryPage } from "../features/otp-recovery/components/otp-recovery-page.tsx";
import { SessionsPage } from "../features/sessions/components/sessions-page.tsx";
import { SignInOtpPage } from "../features/sign-in/components/sign-in-otp-page.tsx";
import { SignInPage } from "../features/sign-in/components/sign-in-page.tsx";
import { CheckEmailPage } from "../features/signup/components/check-email-page.tsx";
import { SignupPage } from "../features/signup/components/signup-page.tsx";
import { VerifyEmailPage } from "../features/verify-email/components/verify-email-page.tsx";
import { VerifyPhonePage } from "../features/verify-phone/components/verify-phone-page.tsx";
import { AccountLayout } from "./layouts/account-layout.tsx";
import { PublicLayout } from "./layouts/public-layout.tsx";
import { NotFoundPage, RouteErrorPage } from "./route-error.tsx";
import { usePageTitle } from "./use-page-title.ts";

function Titled({ titleKey, children }: { titleKey: string; children: ReactNode }) {
  usePageTitle(titleKey);
  return children;
}

const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: "/", element: <Navigate to="/account" replace /> },
      {
        element: <PublicLayout />,
        children: [
          {
            path: "/register",
            element: (
              <Titled titleKey="signup.title">
                <SignupPage />
              </Titled>
            ),
          },
          {
            path: "/register/check-email",
            element: (
              <Titled titleKey="checkEmail.title">
                <CheckEmailPage />
              </Titled>
            ),
          },
          {
            path: "/verify-email",
            element: (
              <Titled titleKey="verifyEmail.title">
                <VerifyEmailPage />
              </Titled>
            ),
          },
          {
            path: "/sign-in",
            element: (
              <Titled titleKey="signIn.title">
                <SignInPage />
              </Titled>
            ),
          },
          {
            path: "/sign-in/otp",
            element: (
              <Titled titleKey="signInOtp.title">
                <SignInOtpPage />
              </Titled>
            ),
          },
          {
            path: "/otp-recovery",
            element: (
              <Titled titleKey="otpRecovery.title">
                <OtpRecoveryPage />
              </Titled>
            ),
          },
          {
            path: "/dev/mailbox",
            element: (
              <Titled titleKey="devMailbox.title">
                <MailboxPage />
              </Titled>
            ),
          },
          {
            path: "*",
            element: (
              <Titled titleKey="notFound.title">
                <NotFoundPage />
              </Titled>
            ),
          },
        ],
      },
      {
        path: "/account",
        element: <AccountLayout />,
        children: [
          {
            index: true,
            element: (
              <Titled titleKey="account.overview.title">
                <OverviewPage />
              </Titled>
            ),
          },
          {
            path: "verify-phone",
            element: (
              <Titled titleKey="verifyPhone.title">
                <VerifyPhonePage />
              </Titled>
            ),
          },
          {
            path: "security",
            element: (
              <Titled titleKey="security.title">
                <SecurityPage />
              </Titled>
            ),
          },
          {
            path: "sessions",
            element: (
              <Titled titleKey="sessions.title">
                <SessionsPage />
              </Titled>
            ),
          },
        ],
      },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
