/**
 * The few pages the OpenID provider itself renders — the logout question, "signed out",
 * an error it cannot send back to the service (e.g. an unregistered redirect URI), and
 * the device flow's pages (RFC 8628: enter the code, confirm it, done; ADR 041).
 * Plain HTML with inline styles only (no script, no third-party font), in English or
 * Czech by the browser's Accept-Language. Sign-in and consent are the SPA's pages.
 */
import type { OAuthScope } from "@portier/shared/oauth-scopes";

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
    deviceTitle: "Sign in on a device",
    deviceHeading: "Sign in on a device",
    deviceEnter: "Enter the code your device (for example a command-line tool) shows.",
    deviceCodeLabel: "Code from the device",
    deviceContinue: "Continue",
    deviceWrongCode: "That code is not valid. Check it on your device and try again.",
    deviceExpiredCode: "That code has expired. Start the sign-in on your device again.",
    deviceUsedCode: "That code was used already. Start the sign-in on your device again.",
    deviceAborted: "The sign-in was cancelled. Nothing was allowed.",
    deviceFailed: "The sign-in could not continue. Start it on your device again.",
    deviceConfirmHeading: (client: string) => `Allow ${client} to use your account?`,
    deviceConfirmCode: "Continue only if your device shows this code:",
    deviceConfirmScopes: "It will be able to:",
    deviceConfirmFrom: (ip: string) => `The request came from the address ${ip}.`,
    deviceConfirmWarning:
      "If you did not start this yourself, or the code differs, cancel: someone may be trying to get into your account.",
    deviceAllow: "Allow and sign in",
    deviceCancel: "Cancel",
    deviceDoneHeading: "Signed in",
    deviceDone: (client: string) => `${client} is signed in. You can close this page and go back to your device.`,
    deviceRevoke: "Account → Connected services lists it; revoke its access there at any time.",
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
    deviceTitle: "Přihlášení na zařízení",
    deviceHeading: "Přihlášení na zařízení",
    deviceEnter: "Zadejte kód, který ukazuje vaše zařízení (například nástroj v příkazové řádce).",
    deviceCodeLabel: "Kód ze zařízení",
    deviceContinue: "Pokračovat",
    deviceWrongCode: "Tento kód neplatí. Zkontrolujte ho na zařízení a zkuste to znovu.",
    deviceExpiredCode: "Platnost kódu vypršela. Začněte přihlášení na zařízení znovu.",
    deviceUsedCode: "Tento kód už byl použit. Začněte přihlášení na zařízení znovu.",
    deviceAborted: "Přihlášení bylo zrušeno. Nic nebylo povoleno.",
    deviceFailed: "Přihlášení nemohlo pokračovat. Začněte ho na zařízení znovu.",
    deviceConfirmHeading: (client: string) => `Povolit aplikaci ${client} přístup k vašemu účtu?`,
    deviceConfirmCode: "Pokračujte, jen pokud vaše zařízení ukazuje tento kód:",
    deviceConfirmScopes: "Bude moci:",
    deviceConfirmFrom: (ip: string) => `Požadavek přišel z adresy ${ip}.`,
    deviceConfirmWarning: "Pokud jste přihlášení nezačali vy nebo se kód liší, zrušte ho: někdo se možná snaží dostat do vašeho účtu.",
    deviceAllow: "Povolit a přihlásit",
    deviceCancel: "Zrušit",
    deviceDoneHeading: "Přihlášeno",
    deviceDone: (client: string) => `Aplikace ${client} je přihlášena. Stránku můžete zavřít a vrátit se k zařízení.`,
    deviceRevoke: "Najdete ji v Účet → Propojené služby; tam jí můžete přístup kdykoli odebrat.",
  },
} as const;

/** What each REST API scope lets an app do, as the device confirmation page says it (ADR 041). */
const SCOPE_TEXT: Record<Lang, Record<OAuthScope, string>> = {
  en: {
    "account:read": "see your login email, phone number and security settings",
    "history:read": "see your login history",
    "sessions:read": "see where you are signed in",
    "sessions:write": "end your sessions",
  },
  cs: {
    "account:read": "vidět váš přihlašovací e-mail, telefon a nastavení zabezpečení",
    "history:read": "vidět historii vašich přihlášení",
    "sessions:read": "vidět, kde jste přihlášeni",
    "sessions:write": "ukončovat vaše relace",
  },
};

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
  ".primary{background:#1f5fbf;color:#fff}.secondary{background:#fff;color:#1f5fbf}pre{white-space:pre-wrap;word-break:break-word;background:#f4f5f7;padding:.5rem}" +
  "label{display:block;font-weight:600;margin:.5rem 0 .25rem}input[type=text]{box-sizing:border-box;width:100%;padding:.6rem;font-size:1.2rem;text-align:center;text-transform:uppercase;letter-spacing:.1em;border:1px solid #6b7280;border-radius:6px}" +
  ".code{font-size:1.6rem;font-family:ui-monospace,monospace;text-align:center;letter-spacing:.15em}.problem{color:#b42318}";

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

/** Why the code entry page is shown again (the library's re-render errors, by name). */
export type DeviceCodeProblem = "wrong" | "expired" | "used" | "aborted" | "failed";

export function deviceProblemOf(error: { name?: string } | undefined): DeviceCodeProblem | undefined {
  if (!error) return undefined;
  switch (error.name) {
    case "NoCodeError":
    case "NotFoundError":
      return "wrong";
    case "ExpiredError":
      return "expired";
    case "AlreadyUsedError":
      return "used";
    case "AbortedError":
      return "aborted";
    default:
      return "failed";
  }
}

/**
 * RFC 8628 §3.3: the page where the customer types the code. `form` is the library's
 * (its XSRF token and the `user_code` field); its inline `onfocus` handler goes, which
 * the provider's CSP would refuse anyway, and the field gets a label.
 */
export function deviceInputPage(lang: Lang, form: string, problem: DeviceCodeProblem | undefined): string {
  const t = TEXT[lang];
  const message = {
    wrong: t.deviceWrongCode,
    expired: t.deviceExpiredCode,
    used: t.deviceUsedCode,
    aborted: t.deviceAborted,
    failed: t.deviceFailed,
  };
  const field = form
    .replace(/\s*onfocus="[^"]*"/, "")
    .replace(
      'placeholder="Enter code"',
      `id="user_code" autocapitalize="characters" spellcheck="false"${problem ? ' aria-describedby="device-problem"' : ""}`,
    );
  return page(
    lang,
    t.deviceTitle,
    `<h1>${t.deviceHeading}</h1>` +
      (problem ? `<p id="device-problem" role="alert" class="problem">${message[problem]}</p>` : `<p>${t.deviceEnter}</p>`) +
      `<label for="user_code">${t.deviceCodeLabel}</label>${field}` +
      `<button class="primary" type="submit" form="op.deviceInputForm">${t.deviceContinue}</button>`,
  );
}

/** RFC 8628 §5.4: the code again, who asks, for what, from where — then allow or cancel. */
export function deviceConfirmPage(
  lang: Lang,
  form: string,
  details: { clientName: string; userCode: string; scopes: readonly OAuthScope[]; ip: string | undefined },
): string {
  const t = TEXT[lang];
  const scopes = details.scopes.length
    ? `<p>${t.deviceConfirmScopes}</p><ul>${details.scopes.map((s) => `<li>${SCOPE_TEXT[lang][s]}</li>`).join("")}</ul>`
    : "";
  return page(
    lang,
    t.deviceTitle,
    `<h1>${escapeHtml(t.deviceConfirmHeading(details.clientName))}</h1>` +
      `<p>${t.deviceConfirmCode}</p><p class="code">${escapeHtml(details.userCode)}</p>${scopes}` +
      (details.ip ? `<p>${escapeHtml(t.deviceConfirmFrom(details.ip))}</p>` : "") +
      `<p>${t.deviceConfirmWarning}</p>${form}` +
      `<button class="primary" type="submit" form="op.deviceConfirmForm">${t.deviceAllow}</button>` +
      `<button class="secondary" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">${t.deviceCancel}</button>`,
  );
}

export function deviceSuccessPage(lang: Lang, clientName: string): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.deviceDoneHeading,
    `<h1>${t.deviceDoneHeading}</h1><p>${escapeHtml(t.deviceDone(clientName))}</p><p>${t.deviceRevoke}</p>`,
  );
}
