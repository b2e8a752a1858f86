/**
 * Email addresses shown masked (SPEC §6): the first two characters of the local part and
 * of the domain name and the first of the top-level domain kept, every other character
 * replaced by `*` (`luke@wedos.com` → `lu**@we***.c**`). Characters are counted as code
 * points, so a non-ASCII address is never cut inside a letter, and the length of every
 * part is kept (one `*` per character), as in the SPEC example.
 *
 * Two readers, one rule: `maskEmail` for the customer's own address (the reset page, the
 * account-settings emails), `maskEmailHint` for the hint support sends to whoever asked.
 */

/** The address as shown to its owner: a part no longer than what is kept is shown whole. */
export function maskEmail(email: string): string {
  return maskParts(email, (_chars, visible) => visible);
}

/**
 * The login-email hint support may send (seed 001). Where the rule is silent
 * (docs/decisions/013-login-email-hint.md):
 * - At least one character of each part is always masked, so a short part is never
 *   shown whole: "ab@…" → "a*@…", "a@…" → "*@…", "ab.cz" → "a*.c*".
 * - The top-level domain is the last DNS label; everything before it is "the domain
 *   name", its dots masked too: a@mail.example.co.uk → "*@ma*************.u*". The hint
 *   does not tell how many labels the domain has, only its length, as for one label.
 */
export function maskEmailHint(email: string): string {
  return maskParts(email, (chars, visible) => Math.min(visible, Math.max(0, chars.length - 1)));
}

/** `shown(chars, visible)`: how many leading characters of a part stay readable. */
function maskParts(email: string, shown: (chars: string[], visible: number) => number): string {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, Math.max(0, at));
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const name = dot < 0 ? domain : domain.slice(0, dot);
  const tld = dot < 0 ? null : domain.slice(dot + 1);
  const keep = (part: string, visible: number) => {
    const chars = [...part];
    const kept = shown(chars, visible);
    return chars.slice(0, kept).join("") + "*".repeat(Math.max(0, chars.length - kept));
  };
  return `${keep(local, 2)}@${keep(name, 2)}${tld === null ? "" : `.${keep(tld, 1)}`}`;
}
