/**
 * What we record about the browser and network a request came from: browser and OS
 * (normalised from the User-Agent, SPEC §2), the client's address and its country (from
 * the IP database that ships inside the `geoip-country` package: no network lookups).
 */
import type { FastifyRequest } from "fastify";
import geoip from "geoip-country";
import { UAParser } from "ua-parser-js";

export interface ClientInfo {
  /** Browser family and major version, e.g. "Firefox 128". */
  browser: string;
  /** Operating system, e.g. "Linux". */
  os: string;
  /** What a session is bound to: browser family, major version and OS. */
  userAgentKey: string;
  /** ISO 3166-1 alpha-2, or null for private and unknown addresses. */
  country: string | null;
  /** The User-Agent header as received, cut to 512 characters (the history's detail view). */
  userAgent: string;
}

// Parsing a User-Agent costs tens of microseconds; a busy API sees few distinct ones.
const UA_CACHE_LIMIT = 2000;
const uaCache = new Map<string, Pick<ClientInfo, "browser" | "os" | "userAgentKey">>();

export function parseUserAgent(userAgent: string | undefined) {
  const raw = (userAgent ?? "").slice(0, 512);
  const cached = uaCache.get(raw);
  if (cached) return cached;
  const ua = UAParser(raw);
  const family = ua.browser.name ?? "Unknown browser";
  const major = ua.browser.major ?? "";
  const os = ua.os.name ?? "Unknown OS";
  const parsed = { browser: `${family} ${major}`.trim(), os, userAgentKey: `${family}/${major || "0"}/${os}` };
  if (uaCache.size >= UA_CACHE_LIMIT) uaCache.clear();
  uaCache.set(raw, parsed);
  return parsed;
}

/**
 * The client's address: the one place it is read (SPEC §12). Fastify derives it from the
 * socket and, only when the socket's peer is a proxy listed in TRUST_PROXY, from
 * X-Forwarded-For, walking back through trusted hops to the first untrusted one (ADR
 * 030). Login history, per-IP rate limits, notifications' country, CAPTCHA and support
 * all take it from here.
 */
export function clientAddress(request: FastifyRequest): string {
  // Fastify computes `ip` from the headers on every read; the first answer is kept, so a
  // handler that later rewrites the headers (the OpenID provider's hand-over) cannot change it.
  // Kept on the raw request under a symbol: a WeakMap keyed by every request costs each
  // young-generation garbage collection an ephemeron table walk (ADR 031).
  const raw = request.raw as FastifyRequest["raw"] & { [CLIENT_ADDRESS]?: string };
  let address = raw[CLIENT_ADDRESS];
  if (address === undefined) {
    address = request.ip;
    raw[CLIENT_ADDRESS] = address;
  }
  return address;
}
const CLIENT_ADDRESS = Symbol("portier.clientAddress");

export function countryOf(ip: string): string | null {
  return geoip.lookup(ip.replace(/^::ffff:/, ""))?.country ?? null;
}

export function clientInfo(userAgent: string | undefined, ip: string): ClientInfo {
  return { ...parseUserAgent(userAgent), country: countryOf(ip), userAgent: (userAgent ?? "").slice(0, 512) };
}
