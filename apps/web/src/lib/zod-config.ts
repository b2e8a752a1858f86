import { z } from "zod";

/**
 * zod compiles fast object parsers with `new Function` after probing whether eval is
 * allowed; the SPA's Content-Security-Policy forbids eval (ADR 020), and the probe alone
 * is reported as a violation. Imported first by main.tsx: the setting is read when a
 * schema is built, and the shared schemas are built as their modules load.
 */
z.config({ jitless: true });
