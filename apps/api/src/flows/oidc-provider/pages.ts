/**
 * The few pages the OpenID provider itself renders — the logout question, "signed out",
 * and an error it cannot send back to the service (e.g. an unregistered redirect URI).
 * Plain HTML with inline styles only (no script, no third-party font), in English or
 * Czech by the browser's Accept-Language. Sign-in and consent are the SPA's pages.
 */
type Lang = "en" | "cs";

const TEXT = {
  en: {
    logoutTitle: "Sign out",
    logoutHeading: "Sign out of Portier?",
    logoutBy: (client: string) => `${client} asked to sign you out. This also ends your Portier sign-in in this browser.`,
    logoutAnonymous: "A service asked to sign you out. This also ends your Portier sign-in in this browser.",
    logoutYes: "Yes, sign me out",
    logoutNo: "No, stay signed in",
    signedOutTitle: "Signed out",
    signedOutHeading: "You are signed out",
    signedOutBody: "You can close this page.",
    signInAgain: "Sign in to Portier",
    errorTitle: "Sign-in could not continue",
    errorBody: "Go back to the service and try again. If this keeps happening, tell the service's operator what is written below.",
  },
  cs: {
    logoutTitle: "Odhlášení",
    logoutHeading: "Odhlásit se z Portier?",
    logoutBy: (client: string) => `${client} žádá o vaše odhlášení. Tím skončí i vaše přihlášení k Portier v tomto prohlížeči.`,
    logoutAnonymous: "Služba žádá o vaše odhlášení. Tím skončí i vaše přihlášení k Portier v tomto prohlížeči.",
    logoutYes: "Ano, odhlásit",
    logoutNo: "Ne, zůstat přihlášen",
    signedOutTitle: "Odhlášeno",
    signedOutHeading: "Jste odhlášeni",
    signedOutBody: "Tuto stránku můžete zavřít.",
    signInAgain: "Přihlásit se k Portier",
    errorTitle: "Přihlášení nemohlo pokračovat",
    errorBody: "Vraťte se do služby a zkuste to znovu. Pokud se to opakuje, sdělte provozovateli služby text níže.",
  },
} as const;

export function languageOf(acceptLanguage: string | undefined): Lang {
  const first = acceptLanguage?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("cs") ? "cs" : "en";
}

export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const STYLE =
  "body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}" +
  "main{max-width:28rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}" +
  "h1{font-size:1.4rem;margin-top:0}button,a.button{display:block;width:100%;box-sizing:border-box;margin:.5rem 0;padding:.7rem;font-size:1rem;border-radius:6px;border:1px solid #1f5fbf;text-align:center;text-decoration:none;cursor:pointer}" +
  ".primary{background:#1f5fbf;color:#fff}.secondary{background:#fff;color:#1f5fbf}pre{white-space:pre-wrap;word-break:break-word;background:#f4f5f7;padding:.5rem}";

function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} — Portier</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** RP-initiated logout: the question. `form` is the library's hidden form (with its XSRF token). */
export function logoutPage(lang: Lang, form: string, clientName: string | undefined): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.logoutTitle,
    `<h1>${t.logoutHeading}</h1><p>${escapeHtml(clientName ? t.logoutBy(clientName) : t.logoutAnonymous)}</p>${form}` +
      `<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${t.logoutYes}</button>` +
      `<button class="secondary" type="submit" form="op.logoutForm">${t.logoutNo}</button>`,
  );
}

export function signedOutPage(lang: Lang, signInUrl: string): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.signedOutTitle,
    `<h1>${t.signedOutHeading}</h1><p>${t.signedOutBody}</p><a class="button secondary" href="${escapeHtml(signInUrl)}">${t.signInAgain}</a>`,
  );
}

export function errorPage(lang: Lang, error: string, description: string | undefined): string {
  const t = TEXT[lang];
  const detail = description ? `${error}: ${description}` : error;
  return page(lang, t.errorTitle, `<h1>${t.errorTitle}</h1><p>${t.errorBody}</p><pre>${escapeHtml(detail)}</pre>`);
}
