import { config } from "zod/v4/core";

/**
 * zod compiles fast object parsers with `new Function` after probing whether eval is
 * allowed; the SPA's Content-Security-Policy forbids eval (ADR 020), and the probe alone
 * is reported as a violation. Imported first by main.tsx: the setting is read when a
 * schema is built, and the shared schemas are built as their modules load. zod's core
 * alone: the rest of zod comes with the pages, not with the app's first script (ADR 036).
 */
config({ jitless: true });
