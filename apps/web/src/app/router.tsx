import type { ReactNode } from "react";
import { createBrowserRouter, Navigate, RouterProvider } from "react-router";
import { OverviewPage } from "../features/account/components/overview-page.tsx";
import { SecurityPage } from "../features/account-security/components/security-page.tsx";
import { BasicSettingsPage } from "../features/account-settings/components/basic-settings-page.tsx";
import { ConfirmEmailChangePage } from "../features/account-settings/components/confirm-email-change-page.tsx";
import { ConnectedServicesPage } from "../features/connected-services/components/connected-services-page.tsx";
import { MailboxPage } from "../features/dev-mailbox/components/mailbox-page.tsx";
import { LoginEventPage } from "../features/login-history/components/login-event-page.tsx";
import { LoginHistoryPage } from "../features/login-history/components/login-history-page.tsx";
import { ConfirmSignInPage } from "../features/login-notifications/components/confirm-sign-in-page.tsx";
import { LogoutAllPage } from "../features/login-notifications/components/logout-all-page.tsx";
import { OtpRecoveryPage } from "../features/otp-recovery/components/otp-recovery-page.tsx";
import { ForgotPasswordPage } from "../features/password-reset/components/forgot-password-page.tsx";
import { ResetPasswordPage } from "../features/password-reset/components/reset-password-page.tsx";
import { SessionsPage } from "../features/sessions/components/sessions-page.tsx";
import { SharedLoginCallbackPage } from "../features/shared-login/components/callback-page.tsx";
import { IdentityHistoryPage } from "../features/shared-login/components/identity-history-page.tsx";
import { PairPage } from "../features/shared-login/components/pair-page.tsx";
import { SharedLoginChoices } from "../features/shared-login/components/shared-login-choices.tsx";
import { SharedLoginPage } from "../features/shared-login/components/shared-login-page.tsx";
import { SignInConfirmPage } from "../features/sign-in/components/sign-in-confirm-page.tsx";
import { SignInOtpPage } from "../features/sign-in/components/sign-in-otp-page.tsx";
import { SignInPage } from "../features/sign-in/components/sign-in-page.tsx";
import { ConsentPage } from "../features/sign-in-with-portier/components/consent-page.tsx";
import { LeaveForProvider } from "../features/sign-in-with-portier/components/leave-for-provider.tsx";
import { CheckEmailPage } from "../features/signup/components/check-email-page.tsx";
import { SignupPage } from "../features/signup/components/signup-page.tsx";
import { AuditPage } from "../features/staff/components/audit-page.tsx";
import { QueuePage } from "../features/staff/components/queue-page.tsx";
import { RequestPage } from "../features/staff/components/request-page.tsx";
import { StaffSignInPage } from "../features/staff/components/staff-sign-in-page.tsx";
import { ConfirmEmailPage } from "../features/support/components/confirm-email-page.tsx";
import { SupportPage } from "../features/support/components/support-page.tsx";
import { TermsPage } from "../features/terms/components/terms-page.tsx";
import { VerifyEmailPage } from "../features/verify-email/components/verify-email-page.tsx";
import { VerifyPhonePage } from "../features/verify-phone/components/verify-phone-page.tsx";
import { AccountLayout } from "./layouts/account-layout.tsx";
import { PublicLayout } from "./layouts/public-layout.tsx";
import { StaffLayout } from "./layouts/staff-layout.tsx";
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
                {/* Shared login (SPEC §7): the configured providers, under the password form. */}
                <SharedLoginChoices />
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
            path: "/sign-in/confirm",
            element: (
              <Titled titleKey="signInConfirm.title">
                <SignInConfirmPage />
              </Titled>
            ),
          },
          {
            path: "/confirm-sign-in",
            element: (
              <Titled titleKey="confirmSignIn.title">
                <ConfirmSignInPage />
              </Titled>
            ),
          },
          {
            path: "/logout-all",
            element: (
              <Titled titleKey="logoutAllLink.title">
                <LogoutAllPage />
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
            path: "/forgot-password",
            element: (
              <Titled titleKey="forgotPassword.title">
                <ForgotPasswordPage />
              </Titled>
            ),
          },
          // Sign-up's "already registered" email links here.
          { path: "/password-reset", element: <Navigate to="/forgot-password" replace /> },
          {
            path: "/reset-password",
            element: (
              <Titled titleKey="resetPassword.title">
                <ResetPasswordPage />
              </Titled>
            ),
          },
          {
            path: "/support",
            element: (
              <Titled titleKey="support.title">
                <SupportPage />
              </Titled>
            ),
          },
          {
            path: "/terms",
            element: (
              <Titled titleKey="terms.title">
                <TermsPage />
              </Titled>
            ),
          },
          {
            path: "/support/confirm-email",
            element: (
              <Titled titleKey="supportConfirm.title">
                <ConfirmEmailPage />
              </Titled>
            ),
          },
          {
            // The link sent to a new login email (Basic settings); no session needed.
            path: "/confirm-email-change",
            element: (
              <Titled titleKey="confirmEmailChange.title">
                <ConfirmEmailChangePage />
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
            // The redirect URI registered at every shared-login provider.
            path: "/shared-login/callback",
            element: (
              <Titled titleKey="sharedLogin.callback.title">
                <SharedLoginCallbackPage />
              </Titled>
            ),
          },
          {
            path: "/shared-login/pair",
            element: (
              <Titled titleKey="sharedLogin.pair.title">
                <PairPage />
              </Titled>
            ),
          },
          // Sign in with Portier (SPEC §11): a third-party service asks for access.
          {
            path: "/authorize/:uid",
            element: (
              <Titled titleKey="signInWithPortier.consent.title">
                <ConsentPage />
              </Titled>
            ),
          },
          // The OpenID provider's addresses are the server's: sign-in ends with a navigation there.
          { path: "/oidc/*", element: <LeaveForProvider /> },
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
      // The staff console of the authorization department (SPEC §9): its own shell and session.
      {
        path: "/staff/sign-in",
        element: <StaffLayout key="staff-sign-in" publicPage />,
        children: [
          {
            index: true,
            element: (
              <Titled titleKey="staff.signIn.title">
                <StaffSignInPage />
              </Titled>
            ),
          },
        ],
      },
      {
        path: "/staff",
        element: <StaffLayout key="staff-console" />,
        children: [
          {
            index: true,
            element: (
              <Titled titleKey="staff.queue.title">
                <QueuePage />
              </Titled>
            ),
          },
          {
            path: "requests/:id",
            element: (
              <Titled titleKey="staff.request.pageTitle">
                <RequestPage />
              </Titled>
            ),
          },
          {
            path: "audit",
            element: (
              <Titled titleKey="staff.audit.title">
                <AuditPage />
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
            path: "settings",
            element: (
              <Titled titleKey="basicSettings.title">
                <BasicSettingsPage />
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
          {
            path: "login-history",
            element: (
              <Titled titleKey="loginHistory.title">
                <LoginHistoryPage />
              </Titled>
            ),
          },
          {
            path: "login-history/:id",
            element: (
              <Titled titleKey="loginHistory.detail.title">
                <LoginEventPage />
              </Titled>
            ),
          },
          {
            path: "shared-login",
            element: (
              <Titled titleKey="sharedLogin.account.title">
                <SharedLoginPage />
              </Titled>
            ),
          },
          {
            path: "shared-login/:id",
            element: (
              <Titled titleKey="sharedLogin.history.title">
                <IdentityHistoryPage />
              </Titled>
            ),
          },
          {
            path: "connected-services",
            element: (
              <Titled titleKey="connectedServices.title">
                <ConnectedServicesPage />
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
