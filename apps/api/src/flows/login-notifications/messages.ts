import { defineMessages, email, page, paragraph, type RenderedEmail } from "../../outbox/messages.ts";

/**
 * A sign-in notification (SPEC §4): what happened, the sign-in's details, the
 * confirmation button when the account asks for one, and the log-out-all link.
 */
function loginNotice(
  subject: string,
  intro: string,
  details: string[],
  confirm: { label: string; href: string | null },
  logoutAll: { text: string; href: string },
): RenderedEmail {
  const text = [
    intro,
    details.join("\n"),
    ...(confirm.href ? [`${confirm.label}: ${confirm.href}`] : []),
    `${logoutAll.text}\n${logoutAll.href}`,
  ].join("\n\n");
  // The details as short paragraphs, the confirmation as the button; the log-out-all link
  // closes the message, in both versions.
  const body = page([intro, ...details], confirm.href ? { href: confirm.href, label: confirm.label } : undefined);
  const footer = paragraph({ text: logoutAll.text, href: logoutAll.href });
  return { subject, text, html: body.replace("\n</body>", `\n${footer}\n</body>`) };
}

/** The emails and text messages the login-notifications flow sends, in English and Czech (ADR 033). */
export const loginNotificationsMessages = defineMessages({
  login_notification: email<{
    when: string;
    ip: string;
    country: string;
    browser: string;
    method: string;
    logoutAllLink: string;
    logoutAllDays: number;
    /** Set when the account requires sign-ins to be confirmed by link. */
    confirmLink: string | null;
    confirmMinutes: number;
  }>({
    en: (d) => {
      const details = [`Time: ${d.when}`, `IP address: ${d.ip}`, `Country: ${d.country}`, `Browser: ${d.browser}`, `Method: ${d.method}`];
      const logoutAll = `If it was not you, log out all sessions at once with this link (valid ${d.logoutAllDays} days), which signs you out of the services you signed in to with Portier too, and change your password:`;
      return loginNotice(
        d.confirmLink ? "Confirm the sign-in to your Portier account" : "New sign-in to your Portier account",
        d.confirmLink
          ? `Someone (hopefully you) entered your password to sign in. The sign-in finishes only when you confirm it: if it was you, open the confirmation link within ${d.confirmMinutes} minutes, on any device.`
          : "Someone (hopefully you) signed in to your Portier account. If it was you, there is nothing to do.",
        details,
        { label: "Confirm the sign-in", href: d.confirmLink },
        { text: logoutAll, href: d.logoutAllLink },
      );
    },
    cs: (d) => {
      const details = [`Čas: ${d.when}`, `IP adresa: ${d.ip}`, `Země: ${d.country}`, `Prohlížeč: ${d.browser}`, `Způsob: ${d.method}`];
      const logoutAll = `Pokud jste to nebyli vy, odhlaste tímto odkazem (platí ${d.logoutAllDays} dní) všechna přihlášení najednou, i ve službách, do kterých jste se přihlásili přes Portier, a změňte si heslo:`;
      return loginNotice(
        d.confirmLink ? "Potvrďte přihlášení k účtu Portier" : "Nové přihlášení k účtu Portier",
        d.confirmLink
          ? `Někdo (snad vy) zadal vaše heslo a přihlašuje se. Přihlášení se dokončí, až ho potvrdíte: pokud jste to byli vy, otevřete do ${d.confirmMinutes} minut potvrzovací odkaz, na libovolném zařízení.`
          : "Někdo (snad vy) se přihlásil k vašemu účtu Portier. Pokud jste to byli vy, nemusíte nic dělat.",
        details,
        { label: "Potvrdit přihlášení", href: d.confirmLink },
        { text: logoutAll, href: d.logoutAllLink },
      );
    },
  }),
});
