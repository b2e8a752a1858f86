/**
 * Fails the API test during which a response broke the contract (test/contract.ts):
 * an undeclared status, a body its schema refuses, an error code its operation does not list.
 */
import { afterEach, beforeEach } from "vitest";
import { violations } from "./contract.ts";

beforeEach(() => {
  violations.length = 0;
});

afterEach(() => {
  if (violations.length === 0) return;
  const found = violations.splice(0).map((v) => `- ${v.operation} → ${v.status}: ${v.problem}\n    ${v.body}`);
  throw new Error(`responses that break the OpenAPI contract (ADR 039):\n${found.join("\n")}`);
});
