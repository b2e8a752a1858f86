/**
 * The left menu of "My Account → Customer" (the help articles' names). A flow that
 * is not built yet stays listed but disabled; adding one is a route plus `to` here.
 */
export interface AccountMenuItem {
  labelKey: string;
  to?: string;
  /** Match only the exact path (the overview is the parent of every other page). */
  end?: boolean;
}

export const ACCOUNT_MENU: readonly AccountMenuItem[] = [
  { labelKey: "account.menu.overview", to: "/account", end: true },
  { labelKey: "account.menu.basicSettings", to: "/account/settings" },
  { labelKey: "account.menu.security", to: "/account/security" },
  { labelKey: "account.menu.sessions", to: "/account/sessions" },
  { labelKey: "account.menu.loginHistory", to: "/account/login-history" },
  { labelKey: "account.menu.sharedLogin", to: "/account/shared-login" },
  { labelKey: "account.menu.connectedServices", to: "/account/connected-services" },
];
