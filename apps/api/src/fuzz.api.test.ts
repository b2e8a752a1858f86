/**
 * Bad input at scale (issue 9): for every operation in the OpenAPI document, fast-check
 * generates malformed, oversized, wrongly-typed and boundary inputs — bodies built from
 * the operation's own schema with each field broken, arbitrary JSON, broken JSON, wrong
 * content types, odd path and query values — sent anonymously and with a live session.
 * Whatever arrives, the API answers below 500, and every 4xx is problem+json with a code.
 *
 * Random breakage hides one bug: a bad value next to other bad values is refused for
 * those, never reaching the code that would store it. So every operation is also sent
 * an otherwise valid request with ONE bad text field (NUL, a control character, a lone
 * surrogate, too long), signed in as a customer and as staff: the answer is a 4xx, and
 * for the bad characters a 400 naming that field (ADR 027).
 */
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ORIGIN, type TestContext, UA_FIREFOX } from "../test/app.ts";
import { signUpThroughApi } from "../test/sign-in.ts";
import { createTestStaff, staffBrowser } from "../test/staff.ts";

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  maximum?: number;
  minimum?: number;
};
type Operation = {
  parameters?: { name: string; in: "path" | "query" | "header"; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
interface Endpoint {
  method: string;
  path: string;
  op: Operation;
}

const PASSWORD = "a long enough passphrase";
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let t: TestContext;
const endpoints: Endpoint[] = [];
let components: Record<string, Schema> = {};
let email = "";

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
  components = doc.components?.schemas ?? {};
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(methods)) endpoints.push({ method: method.toUpperCase(), path, op });
  }
  email = `fuzz-${Date.now()}@example.com`;
  // Signed-in operations are fuzzed with a real session: no session before the email is verified (ADR 025).
  await signUpThroughApi(t, email, { password: PASSWORD });
});
afterAll(async () => {
  await t.close();
});

/** A fresh bearer session (fuzzed sign-outs and password changes end earlier ones). */
async function session(): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "user-agent": UA_FIREFOX },
    payload: { email, password: PASSWORD, tokenDelivery: "bearer" },
  });
  // A failed sign-in would fuzz every signed-in operation as an anonymous caller (401s), testing nothing.
  const token = res.json().token as string | undefined;
  if (!token) throw new Error(`fuzz sign-in failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return token;
}

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = components[s.$ref.split("/").pop() as string] ?? {};
  return s;
}

const boundaryString = fc.oneof(
  fc.constant(""),
  fc.constant(" "),
  fc.constant("\u0000"),
  fc.constant("a".repeat(70_000)),
  fc.constant("𝕏".repeat(300)),
  fc.constant("' OR 1=1 --"),
  fc.constant("<script>alert(1)</script>"),
  fc.constant("../../etc/passwd"),
  fc.constant("%00%ff"),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 50 }),
);
const boundaryNumber = fc.oneof(
  fc.constant(0),
  fc.constant(-1),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(-Number.MAX_SAFE_INTEGER),
  fc.constant(1e308),
  fc.constant(0.5),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const wrongValue = fc.oneof(
  boundaryString,
  boundaryNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
);

/** A plausible value for a schema: the right type most of the time, at its edges. */
function valueFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => valueFor(a, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string":
      return fc.oneof(
        fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) }),
        fc.constant("x".repeat((s.maxLength ?? 1000) + 1)),
        boundaryString,
      );
    case "integer":
    case "number":
      return fc.oneof(
        fc.integer({ min: Math.max(s.minimum ?? -1000, -1e9), max: Math.min(s.maximum ?? 1000, 1e9) }),
        fc.constant((s.maximum ?? 0) + 1),
        fc.constant((s.minimum ?? 0) - 1),
        boundaryNumber,
      );
    case "boolean":
      return fc.boolean();
    case "array":
      return depth > 3 ? fc.constant([]) : fc.array(valueFor(s.items ?? {}, depth + 1), { maxLength: 3 });
    case "object":
      return depth > 3 ? fc.constant({}) : objectFor(s, depth + 1);
    default:
      return fc.jsonValue();
  }
}

/** The schema's object with every field present, missing, or replaced by a wrong value, sometimes with an extra field. */
function objectFor(schema: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema.properties ?? {});
  const fields = props.map(([name, prop]) =>
    fc.oneof(
      { weight: 3, arbitrary: valueFor(prop, depth).map((v) => [name, v] as const) },
      { weight: 1, arbitrary: wrongValue.map((v) => [name, v] as const) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
  );
  return fc
    .tuple(fc.tuple(...fields), fc.option(fc.tuple(fc.string({ maxLength: 20 }), fc.jsonValue()), { freq: 4 }))
    .map(([entries, extra]) => {
      const out: Record<string, unknown> = {};
      for (const entry of entries) if (entry) out[entry[0]] = entry[1];
      if (extra) out[extra[0]] = extra[1];
      return out;
    });
}

/** One request's worth of bad input for an endpoint. */
function requestFor(endpoint: Endpoint): fc.Arbitrary<{ inject: InjectOptions; authenticated: boolean }> {
  const bodySchema = resolve(endpoint.op.requestBody?.content?.["application/json"]?.schema);
  const hasBody = endpoint.method !== "GET" && endpoint.method !== "DELETE" && endpoint.method !== "HEAD";
  const body: fc.Arbitrary<{ payload?: string | Record<string, unknown> | unknown; contentType?: string }> = hasBody
    ? fc.oneof(
        { weight: 4, arbitrary: objectFor(bodySchema).map((payload) => ({ payload })) },
        { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ payload: JSON.stringify(v), contentType: "application/json" })) },
        { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((raw) => ({ payload: raw, contentType: "application/json" })) },
        { weight: 1, arbitrary: fc.constant({ payload: '{"a":', contentType: "application/json" }) },
        { weight: 1, arbitrary: fc.constant({ payload: `{"x":"${"y".repeat(70 * 1024)}"}`, contentType: "application/json" }) },
        { weight: 1, arbitrary: fc.string({ maxLength: 50 }).map((raw) => ({ payload: raw, contentType: "text/plain" })) },
        { weight: 1, arbitrary: fc.constant({}) },
      )
    : fc.constant({});
  const pathParams = (endpoint.op.parameters ?? []).filter((p) => p.in === "path");
  const pathValues = fc.tuple(
    ...pathParams.map(() =>
      fc.oneof(
        fc.uuid(),
        boundaryString.filter((v) => v.length < 2000),
        fc.constant("0"),
      ),
    ),
  );
  const query = fc.dictionary(
    fc.constantFrom(...(endpoint.op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name), "limit", "cursor", "x"),
    fc.oneof(fc.string({ maxLength: 30 }), fc.constant("-1"), fc.constant("99999999999999999999"), fc.constant("a".repeat(5000))),
    { maxKeys: 3 },
  );
  return fc.record({ body, pathValues, query, authenticated: fc.boolean() }).map(({ body, pathValues, query, authenticated }) => {
    let url = endpoint.path;
    pathParams.forEach((p, i) => {
      url = url.replace(`{${p.name}}`, encodeURIComponent(String(pathValues[i])));
    });
    const qs = new URLSearchParams(query).toString();
    const headers: Record<string, string> = { "user-agent": UA_FIREFOX };
    if (body.contentType) headers["content-type"] = body.contentType;
    return {
      authenticated,
      inject: {
        method: endpoint.method as InjectOptions["method"],
        url: qs ? `${url}?${qs}` : url,
        headers,
        ...(body.payload !== undefined ? { payload: body.payload as InjectOptions["payload"] } : {}),
      },
    };
  });
}

describe("every endpoint of the OpenAPI document under generated bad input", () => {
  it("has endpoints to fuzz", () => {
    expect(endpoints.length).toBeGreaterThan(20);
  });

  it("never answers 5xx, and every 4xx is problem+json with a code", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    for (const endpoint of endpoints) {
      if (endpoint.path.startsWith("/api/v1/dev/")) continue;
      let token = await session();
      await fc.assert(
        fc.asyncProperty(requestFor(endpoint), async ({ inject, authenticated }) => {
          if (authenticated) (inject.headers as Record<string, string>).authorization = `Bearer ${token}`;
          const res = await t.app.inject(inject);
          const where = `${inject.method} ${String(inject.url).slice(0, 120)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
          if (res.statusCode >= 500) failures.push(where);
          if (res.statusCode >= 400) {
            if (!String(res.headers["content-type"]).startsWith("application/problem+json")) failures.push(`not problem+json: ${where}`);
            else if (typeof res.json().code !== "string") failures.push(`no code: ${where}`);
          }
          if (res.statusCode === 401 && authenticated) token = await session();
        }),
        { numRuns: RUNS },
      );
    }
    expect(failures).toEqual([]);
  });
});

/** A value the schema accepts, for a field of this name. */
function validValue(name: string, schema: Schema | undefined): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return validValue(name, alternatives.find((a) => resolve(a).type !== "null") ?? alternatives[0]);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "boolean") return true;
  if (type === "integer" || type === "number") return Math.max(s.minimum ?? 1, 1);
  if (type === "object") return validObject(s);
  if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
  if (s.pattern === "^[A-Za-z0-9_-]{43}$") return "A".repeat(43);
  if (s.pattern === "^\\d{6}$") return "123456";
  if (s.pattern?.startsWith("^[a-z0-9]")) return "test";
  if (/email/i.test(name)) return "someone@example.com";
  if (/phone/i.test(name)) return "+420601123456";
  if (/password/i.test(name)) return PASSWORD;
  return "valid text";
}

function validObject(schema: Schema): Record<string, unknown> {
  const s = resolve(schema);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return validObject(alternatives[0] as Schema);
  return Object.fromEntries(Object.entries(s.properties ?? {}).map(([name, prop]) => [name, validValue(name, prop)]));
}

/** The text fields of a schema (an enum or a fixed value is not free text, but is broken too). */
function stringFields(schema: Schema): { name: string; maxLength: number | undefined }[] {
  const s = resolve(schema);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return stringFields(alternatives[0] as Schema);
  return Object.entries(s.properties ?? {})
    .filter(([, prop]) => {
      const p = resolve(prop);
      const types = [p.type, ...(p.anyOf ?? []).map((a) => resolve(a).type)].flat();
      return types.includes("string");
    })
    .map(([name, prop]) => ({ name, maxLength: resolve(prop).maxLength }));
}

const BAD_TEXT = [
  { kind: "NUL", value: (valid: string) => `${valid}\u0000` },
  { kind: "escape character", value: (valid: string) => `\u001b[2J${valid}` },
  { kind: "lone surrogate", value: (valid: string) => `${valid}\ud800` },
] as const;

describe("every operation, with one bad text field in an otherwise valid request", () => {
  it("answers 4xx; a bad character is a 400 naming the field", { timeout: 600_000 }, async () => {
    const desk = await staffBrowser(t, await createTestStaff(t));
    const failures: string[] = [];
    let checked = 0;
    for (const endpoint of endpoints) {
      if (endpoint.path.startsWith("/api/v1/dev/")) continue;
      const url = endpoint.path.replace(/\{[^}]+\}/g, (param) =>
        param === "{clientId}" ? "test-client" : "00000000-0000-4000-8000-000000000000",
      );
      const bodySchema = endpoint.op.requestBody?.content?.["application/json"]?.schema;
      const queryParams = (endpoint.op.parameters ?? []).filter((p) => p.in === "query");
      const validQuery = Object.fromEntries(queryParams.map((p) => [p.name, String(validValue(p.name, p.schema))]));
      const fields = bodySchema
        ? stringFields(bodySchema).map((f) => ({ ...f, in: "body" as const }))
        : queryParams
            .filter((p) => resolve(p.schema).type === "string" || resolve(p.schema).anyOf)
            .map((p) => ({ name: p.name, maxLength: resolve(p.schema).maxLength, in: "query" as const }));
      for (const field of fields) {
        const valid = bodySchema ? validObject(bodySchema) : validQuery;
        const validText = String(valid[field.name] ?? "valid text");
        const cases = [
          // A lone surrogate cannot travel in a URL: percent-encoding makes it U+FFFD, which is text.
          ...BAD_TEXT.filter((bad) => field.in === "body" || bad.kind !== "lone surrogate").map((bad) => ({
            kind: bad.kind,
            value: bad.value(validText),
            named: true,
          })),
          { kind: "oversized", value: "x".repeat(Math.min((field.maxLength ?? 10_000) + 1, 60_000)), named: false },
        ];
        for (const bad of cases) {
          const broken = { ...valid, [field.name]: bad.value };
          const query = field.in === "query" ? new URLSearchParams(broken as Record<string, string>).toString() : "";
          const res = await t.app.inject({
            method: endpoint.method as InjectOptions["method"],
            url: query ? `${url}?${query}` : url,
            headers: { "user-agent": UA_FIREFOX, origin: ORIGIN, authorization: `Bearer ${await session()}`, cookie: desk.cookie },
            ...(field.in === "body" ? { payload: broken } : {}),
          });
          checked++;
          const where = `${endpoint.method} ${endpoint.path} ${field.in}.${field.name} (${bad.kind}) -> ${res.statusCode} ${res.body.slice(0, 160)}`;
          if (res.statusCode < 400 || res.statusCode >= 500) {
            failures.push(where);
          } else if (bad.named) {
            const named = (res.json().errors as { field: string }[] | undefined)?.some((e) => e.field === field.name);
            if (res.statusCode !== 400 || !named) failures.push(`not a 400 naming the field: ${where}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });
});
