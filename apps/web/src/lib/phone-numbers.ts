/**
 * libphonenumber-js for the SPA (ADR 036). The shared schemas check mobile numbers with
 * `libphonenumber-js/mobile` (`MobilePhone`, packages/shared/src/common.ts), whose metadata
 * for every country is the largest part of what the SPA would load up front. The SPA's
 * build resolves that import here instead (vite.config.ts): the same functions over the
 * same mobile metadata, fetched with the pages that have a phone field — the router awaits
 * `loadPhoneNumbers()` before it shows one, so every check meets the metadata in place.
 * The API keeps the package itself; both judge a number with the same metadata.
 */
import type { MetadataJson } from "libphonenumber-js/core";

type Core = typeof import("./phone-number-checks.ts");

let loaded: { core: Core; metadata: MetadataJson } | null = null;
let loading: Promise<void> | null = null;

/** Fetches the functions and the mobile metadata, once. */
export function loadPhoneNumbers(): Promise<void> {
  loading ??= Promise.all([import("./phone-number-checks.ts"), import("libphonenumber-js/mobile/metadata")]).then(([core, metadata]) => {
    loaded = { core, metadata: metadata.default };
  });
  return loading;
}

function phoneNumbers() {
  if (!loaded) throw new Error("Phone numbers checked before loadPhoneNumbers() settled: the route of a page with a phone field awaits it");
  return loaded;
}

export function isValidPhoneNumber(text: string): boolean {
  const { core, metadata } = phoneNumbers();
  return core.isValidPhoneNumber(text, metadata);
}

export function parsePhoneNumberWithError(text: string) {
  const { core, metadata } = phoneNumbers();
  return core.parsePhoneNumberWithError(text, metadata);
}
