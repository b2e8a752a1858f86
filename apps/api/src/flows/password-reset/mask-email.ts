/**
 * The login email as SPEC §6 masks it for support's hint: the first two characters of
 * the local part and of the domain name and the first of the top-level domain kept,
 * every other character replaced by `*` (`luke@wedos.com` → `lu**@we***.c**`).
 * Characters are counted as code points, so a non-ASCII address is not cut mid-letter.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const name = dot < 0 ? domain : domain.slice(0, dot);
  const tld = dot < 0 ? null : domain.slice(dot + 1);
  return `${keep(local, 2)}@${keep(name, 2)}${tld === null ? "" : `.${keep(tld, 1)}`}`;
}

function keep(part: string, visible: number): string {
  const chars = [...part];
  return chars.slice(0, visible).join("") + "*".repeat(Math.max(0, chars.length - visible));
}
