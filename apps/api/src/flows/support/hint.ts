/**
 * The login-email hint support may send (SPEC §6, seed 001): "lu**@we***.c**" for
 * luke@wedos.com — the first two characters of the local part and of the domain name
 * and the first of the top-level domain kept, every other character replaced by `*`.
 *
 * Where the rule is silent (docs/decisions/013-login-email-hint.md):
 * - At least one character of each part is always masked, so a short part is never
 *   shown whole: "ab@…" → "a*@…", "a@…" → "*@…", "ab.cz" → "a*.c*".
 * - The top-level domain is the last DNS label; everything before it is "the domain
 *   name", its dots masked too: a@mail.example.co.uk → "*@ma*************.u*". The hint
 *   does not tell how many labels the domain has, only its length, as for one label.
 * - Characters are code points, so a non-ASCII address is never cut inside a letter.
 * - The length of every part is kept (one `*` per character), as in the SPEC example.
 */
export function maskEmailHint(email: string): string {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, Math.max(0, at));
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const name = dot < 0 ? domain : domain.slice(0, dot);
  const tld = dot < 0 ? null : domain.slice(dot + 1);
  return `${keep(local, 2)}@${keep(name, 2)}${tld === null ? "" : `.${keep(tld, 1)}`}`;
}

function keep(part: string, visible: number): string {
  const chars = [...part];
  const shown = Math.min(visible, Math.max(0, chars.length - 1));
  return chars.slice(0, shown).join("") + "*".repeat(chars.length - shown);
}
