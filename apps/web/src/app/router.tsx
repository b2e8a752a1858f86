import type { ComponentType, ReactNode } from "react";
import { createBrowserRouter, Navigate, type RouteObject, RouterProvider } from "react-router";
import { loadPhoneNumbers } from "../lib/phone-numbers.ts";
import { NotFoundPage, RouteErrorPage } from "./route-error.tsx";
import { usePageTitle } from "./use-page-title.ts";

function Titled({ titleKey, children }: { titleKey: string; children: ReactNode }) {
  usePageTitle(titleKey);
  return children;
}

/**
 * A page loaded with its route: each page is a chunk of its own, fetched when the route is
 * first visited (ADR 036), as are the layouts around them (fetched alongside, in parallel).
 * `phoneField`: the page checks or shows a phone number (MobilePhone, formatPhone), so it
 * waits for their metadata too; without it a number would show as stored (+420601123456).
 */
function page(titleKey: string, load: () => Promise<ComponentType>, { phoneField = false } = {}): Pick<RouteObject, "lazy"> {
  return {
    lazy: async () => {
      // A page with a phone field: the numbers' metadata comes with it (lib/phone-numbers.ts).
      const [Page] = await Promise.all([load(), phoneField ? loadPhoneNumbers() : undefined]);
      return {
        element: (
          <Titled titleKey={titleKey}>
            <Page />
          </Titled>
        ),
      };
    },
  };
}

const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    // The first page's chunk is being fetched (a moment): nothing to show yet.
    HydrateFallback: () => null,
    children: [
      { path: "/", element: <Navigate to="/account" replace /> },
      {
        lazy: () => import("./layouts/public-layout.tsx").then((m) => ({ Component: m.PublicLayout })),
        children: [
          {
            path: "/register",
            ...page("signup.title", () => import("../features/signup/components/signup-page.tsx").then((m) => m.SignupPage), {
              phoneField: true,
            }),
          },
          {
            path: "/register/check-email",
            ...page("checkEmail.title", () => import("../features/signup/components/check-email-page.tsx").then((m) => m.CheckEmailPage)),
          },
          {
            path: "/verify-email",
            ...page("verifyEmail.title", () =>
              import("../features/verify-email/components/verify-email-page.tsx").then((m) => m.VerifyEmailPage),
            ),
          },
          {
            path: "/sign-in",
            lazy: async () => {
              const [{ SignInPage }, { SharedLoginChoices }] = await Promise.all([
                import("../features/sign-in/components/sign-in-page.tsx"),
                import("../features/shared-login/components/shared-login-choices.tsx"),
              ]);
              return {
                element: (
                  <Titled titleKey="signIn.title">
                    <SignInPage />
                    {/* Shared login (SPEC §7): the configured providers, under the password form. */}
                    <SharedLoginChoices />
                  </Titled>
                ),
              };
            },
          },
          {
            path: "/sign-in/otp",
            ...page("signInOtp.title", () => import("../features/sign-in/components/sign-in-otp-page.tsx").then((m) => m.SignInOtpPage)),
          },
          {
            path: "/sign-in/confirm",
            ...page("signInConfirm.title", () =>
              import("../features/sign-in/components/sign-in-confirm-page.tsx").then((m) => m.SignInConfirmPage),
            ),
          },
          {
            path: "/confirm-sign-in",
            ...page("confirmSignIn.title", () =>
              import("../features/login-notifications/components/confirm-sign-in-page.tsx").then((m) => m.ConfirmSignInPage),
            ),
          },
          {
            path: "/logout-all",
            ...page("logoutAllLink.title", () =>
              import("../features/login-notifications/components/logout-all-page.tsx").then((m) => m.LogoutAllPage),
            ),
          },
          {
            path: "/otp-recovery",
            ...page("otpRecovery.title", () =>
              import("../features/otp-recovery/components/otp-recovery-page.tsx").then((m) => m.OtpRecoveryPage),
            ),
          },
          {
            path: "/forgot-password",
            ...page("forgotPassword.title", () =>
              import("../features/password-reset/components/forgot-password-page.tsx").then((m) => m.ForgotPasswordPage),
            ),
          },
          // Sign-up's "already registered" email links here.
          { path: "/password-reset", element: <Navigate to="/forgot-password" replace /> },
          {
            path: "/reset-password",
            ...page("resetPassword.title", () =>
              import("../features/password-reset/components/reset-password-page.tsx").then((m) => m.ResetPasswordPage),
            ),
          },
          {
            path: "/support",
            ...page("support.title", () => import("../features/support/components/support-page.tsx").then((m) => m.SupportPage), {
              phoneField: true,
            }),
          },
          {
            path: "/terms",
            ...page("terms.title", () => import("../features/terms/components/terms-page.tsx").then((m) => m.TermsPage)),
          },
          {
            path: "/support/confirm-email",
            ...page("supportConfirm.title", () =>
              import("../features/support/components/confirm-email-page.tsx").then((m) => m.ConfirmEmailPage),
            ),
          },
          {
            // The link sent to a new login email (Basic settings); no session needed.
            path: "/confirm-email-change",
            ...page("confirmEmailChange.title", () =>
              import("../features/account-settings/components/confirm-email-change-page.tsx").then((m) => m.ConfirmEmailChangePage),
            ),
          },
          {
            path: "/dev/mailbox",
            ...page("devMailbox.title", () => import("../features/dev-mailbox/components/mailbox-page.tsx").then((m) => m.MailboxPage)),
          },
          {
            // The redirect URI registered at every shared-login provider.
            path: "/shared-login/callback",
            ...page("sharedLogin.callback.title", () =>
              import("../features/shared-login/components/callback-page.tsx").then((m) => m.SharedLoginCallbackPage),
            ),
          },
          {
            path: "/shared-login/pair",
            ...page("sharedLogin.pair.title", () => import("../features/shared-login/components/pair-page.tsx").then((m) => m.PairPage), {
              phoneField: true,
            }),
          },
          // Sign in with Portier (SPEC §11): a third-party service asks for access.
          {
            path: "/authorize/:uid",
            ...page("signInWithPortier.consent.title", () =>
              import("../features/sign-in-with-portier/components/consent-page.tsx").then((m) => m.ConsentPage),
            ),
          },
          // The OpenID provider's addresses are the server's: sign-in ends with a navigation there.
          {
            path: "/oidc/*",
            lazy: () =>
              import("../features/sign-in-with-portier/components/leave-for-provider.tsx").then((m) => ({ Component: m.LeaveForProvider })),
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
      // The staff console of the authorization department (SPEC §9): its own shell and session.
      {
        path: "/staff/sign-in",
        lazy: () =>
          import("./layouts/staff-layout.tsx").then(({ StaffLayout }) => ({ element: <StaffLayout key="staff-sign-in" publicPage /> })),
        children: [
          {
            index: true,
            ...page("staff.signIn.title", () =>
              import("../features/staff/components/staff-sign-in-page.tsx").then((m) => m.StaffSignInPage),
            ),
          },
        ],
      },
      {
        path: "/staff",
        lazy: () => import("./layouts/staff-layout.tsx").then(({ StaffLayout }) => ({ element: <StaffLayout key="staff-console" /> })),
        children: [
          {
            index: true,
            ...page("staff.queue.title", () => import("../features/staff/components/queue-page.tsx").then((m) => m.QueuePage)),
          },
          {
            path: "requests/:id",
            ...page("staff.request.pageTitle", () => import("../features/staff/components/request-page.tsx").then((m) => m.RequestPage), {
              phoneField: true,
            }),
          },
          {
            path: "audit",
            // Its entries name the phone an SMS code went to.
            ...page("staff.audit.title", () => import("../features/staff/components/audit-page.tsx").then((m) => m.AuditPage), {
              phoneField: true,
            }),
          },
        ],
      },
      {
        path: "/account",
        lazy: () => import("./layouts/account-layout.tsx").then((m) => ({ Component: m.AccountLayout })),
        children: [
          {
            index: true,
            ...page(
              "account.overview.title",
              () => import("../features/account/components/overview-page.tsx").then((m) => m.OverviewPage),
              {
                phoneField: true,
              },
            ),
          },
          {
            path: "settings",
            ...page(
              "basicSettings.title",
              () => import("../features/account-settings/components/basic-settings-page.tsx").then((m) => m.BasicSettingsPage),
              { phoneField: true },
            ),
          },
          {
            path: "verify-phone",
            ...page(
              "verifyPhone.title",
              () => import("../features/verify-phone/components/verify-phone-page.tsx").then((m) => m.VerifyPhonePage),
              { phoneField: true },
            ),
          },
          {
            path: "security",
            ...page("security.title", () =>
              import("../features/account-security/components/security-page.tsx").then((m) => m.SecurityPage),
            ),
          },
          {
            path: "sessions",
            ...page("sessions.title", () => import("../features/sessions/components/sessions-page.tsx").then((m) => m.SessionsPage)),
          },
          {
            path: "login-history",
            ...page("loginHistory.title", () =>
              import("../features/login-history/components/login-history-page.tsx").then((m) => m.LoginHistoryPage),
            ),
          },
          {
            path: "login-history/:id",
            ...page("loginHistory.detail.title", () =>
              import("../features/login-history/components/login-event-page.tsx").then((m) => m.LoginEventPage),
            ),
          },
          {
            path: "shared-login",
            ...page("sharedLogin.account.title", () =>
              import("../features/shared-login/components/shared-login-page.tsx").then((m) => m.SharedLoginPage),
            ),
          },
          {
            path: "shared-login/:id",
            ...page("sharedLogin.history.title", () =>
              import("../features/shared-login/components/identity-history-page.tsx").then((m) => m.IdentityHistoryPage),
            ),
          },
          {
            path: "connected-services",
            ...page("connectedServices.title", () =>
              import("../features/connected-services/components/connected-services-page.tsx").then((m) => m.ConnectedServicesPage),
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
