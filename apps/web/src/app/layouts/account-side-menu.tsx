import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, useLocation } from "react-router";
import { ACCOUNT_MENU, type AccountMenuItem } from "./account-menu.ts";

const isCurrent = (item: AccountMenuItem, pathname: string) =>
  item.to !== undefined && (item.end ? pathname === item.to : pathname === item.to || pathname.startsWith(`${item.to}/`));

/**
 * The account's menu: a column on the left where there is room; on a phone one button
 * naming the current page, which opens the list (so a page's heading is near the top).
 * Choosing a page, or Escape, closes it again.
 */
export function AccountSideMenu() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [open, setOpen] = useState(false);
  // A new page closes the list.
  useEffect(() => setOpen(false), [pathname]);
  const current = ACCOUNT_MENU.find((item) => isCurrent(item, pathname));
  return (
    <nav
      aria-label={t("account.menu.label")}
      className="side-menu"
      data-open={open ? "" : undefined}
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          document.getElementById("account-menu-toggle")?.focus();
        }
      }}
    >
      <button
        type="button"
        id="account-menu-toggle"
        className="side-menu-toggle"
        aria-expanded={open}
        aria-controls="account-menu-list"
        onClick={() => setOpen((value) => !value)}
      >
        {t("account.menu.toggle", { page: current ? t(current.labelKey) : t("account.menu.label") })}
      </button>
      <ul id="account-menu-list">
        {ACCOUNT_MENU.map((item) => (
          <li key={item.labelKey}>
            {item.to ? (
              <NavLink to={item.to} end={item.end ?? false}>
                {t(item.labelKey)}
              </NavLink>
            ) : (
              <span className="disabled" aria-disabled="true" title={t("account.menu.comingSoon")}>
                {t(item.labelKey)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
