import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, errorCatalogue } from "@portier/shared/errors";
import { describe, expect, it } from "vitest";
import { LINK_PURPOSES } from "../verification/links.ts";
import { errorCatalogueSchema, errorOwners, flows } from "./index.ts";

// ADR 033: the app is assembled from the list of flows; what they declare is all there is.
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Mounted outside /api/v1 by app.ts: the health, readiness and metrics endpoints. */
const NOT_A_FLOW_MODULE = ["operations"];

function declaredOnce<T extends string>(declared: (flow: (typeof flows)[number]) => readonly T[] | undefined): Map<T, string[]> {
  const by = new Map<T, string[]>();
  for (const flow of flows) for (const item of declared(flow) ?? []) by.set(item, [...(by.get(item) ?? []), flow.name]);
  return by;
}

describe("the list of flows", () => {
  it("names every flow folder once, by its folder's name", () => {
    const folders = readdirSync(HERE, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !NOT_A_FLOW_MODULE.includes(entry.name))
      .map((entry) => entry.name)
      .sort();
    expect(flows.map((flow) => flow.name).sort()).toEqual(folders);
  });

  it("declares every error code of the catalogue once, with the catalogue's status", () => {
    const owners = errorOwners();
    expect([...owners.keys()].sort()).toEqual(Object.keys(ErrorCode).sort());
    for (const [code, { spec }] of owners) expect(spec).toBe(errorCatalogue[code as ErrorCode]);
  });

  it("declares every link purpose once", () => {
    const purposes = declaredOnce((flow) => flow.linkPurposes);
    expect([...purposes.keys()].sort()).toEqual([...LINK_PURPOSES].sort());
    expect([...purposes].filter(([, by]) => by.length > 1)).toEqual([]);
  });

  it("documents each code's status and params for the OpenAPI document", () => {
    const schema = errorCatalogueSchema() as { properties: Record<string, { properties: Record<string, unknown> }> };
    expect(schema.properties.LOGIN_ATTEMPT_CANCELLED?.properties.status).toEqual({ const: 401 });
    expect(JSON.stringify(schema.properties.LOGIN_ATTEMPT_CANCELLED?.properties.params)).toContain("logout_all_link");
    expect(schema.properties.OTP_INVALID?.properties.params).toMatchObject({ properties: { remainingTries: { type: "integer" } } });
  });
});
