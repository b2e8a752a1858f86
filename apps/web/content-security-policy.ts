/**
 * The SPA's Content-Security-Policy (ASVS 3.4.3, ADR 020), in one place for the dev
 * server, `vite preview`, the <meta> tag in the built index.html, and the production web
 * server's header (README, "Serving the SPA").
 *
 * - Scripts only from this origin: the build has no inline script. The dev server's
 *   inline React-refresh preamble and Vite's injected styles carry a nonce (`nonce`).
 * - Styles only from this origin (the ALTCHA widget's stylesheet is bundled, not injected:
 *   components/captcha.tsx). Inline style *attributes* are allowed: the dev mailbox shows
 *   email HTML, styled by attributes, in a sandboxed srcdoc frame, which inherits this
 *   policy. `<style>` elements stay forbidden.
 * - The ALTCHA widget solves its proof of work in a web worker served from this origin
 *   (its default build would make them from blob: URLs).
 * - QR codes are data: SVG images. Everything else — fetches, the dev server's websocket —
 *   goes to this origin. No plugins, no <base>, forms submit only here, never framed.
 *
 * `frame-ancestors` works only as a header (a <meta> policy cannot carry it; browsers
 * report it as an error there): `forMeta` leaves it out.
 */
export interface SpaPolicyOptions {
  /** Dev server only: the nonce Vite puts on the scripts and styles it injects. */
  nonce?: string;
  /** Dev server only: extra origins to connect to (the HMR websocket). */
  connect?: string[];
  /** For a <meta http-equiv> tag: without the header-only directive. */
  forMeta?: boolean;
}

export function spaContentSecurityPolicy({ nonce, connect = [], forMeta = false }: SpaPolicyOptions = {}): string {
  const withNonce = nonce ? [`'nonce-${nonce}'`] : [];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", ["'self'", ...withNonce]],
    ["style-src", ["'self'", ...withNonce]],
    ["style-src-attr", ["'unsafe-inline'"]],
    ["img-src", ["'self'", "data:"]],
    ["font-src", ["'self'"]],
    ["connect-src", ["'self'", ...connect]],
    ["worker-src", ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'self'"]],
    ...(forMeta ? [] : ([["frame-ancestors", ["'none'"]]] as [string, string[]][])),
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}
