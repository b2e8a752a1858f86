/**
 * The example Kubernetes manifests (deploy/k8s, docs/deploy.md) stay true to the app:
 * they parse, the probes name routes the API has (liveness the one that checks no
 * dependency, readiness the one that checks the database), every variable they set is
 * one the API reads and their plain values pass its configuration check, secrets come
 * from the Secret (whose example lists every key asked for), the grace period outlasts
 * preStop plus the API's shutdown timeout, and the selectors find the Deployment's pods.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { CONFIG_VARIABLES, loadConfig } from "./config.ts";
import type { Db } from "./db/client.ts";
import { operationsRoutes } from "./flows/operations/routes.ts";

const dir = join(import.meta.dirname, "../../../deploy/k8s");

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  // biome-ignore lint/suspicious/noExplicitAny: parsed YAML, checked field by field below
  spec?: any;
  stringData?: Record<string, string>;
}

const manifests: Manifest[] = readdirSync(dir)
  .filter((file) => file.endsWith(".yaml"))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), "utf8")).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
      return document.toJS() as Manifest;
    }),
  );
const only = (kind: string) => {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Manifest;
};

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

describe("deploy/k8s", () => {
  const deployment = only("Deployment");
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env = container.env as EnvVar[];

  it("parses, and every document names its kind and itself", () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      ["Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret", "Service"].sort(),
    );
    for (const m of manifests) {
      expect(m.apiVersion, m.kind).toMatch(/^[\w.]+(\/v\d\w*)?$/);
      expect(m.metadata.name, m.kind).toMatch(/^portier-/);
    }
  });

  it("probes routes the API has: liveness the dependency-free /health, readiness /ready", async () => {
    const app = Fastify();
    await app.register(operationsRoutes, { db: {} as Db, expectedMigrations: [] });
    await app.ready();
    const ports = (container.ports as Array<{ name: string }>).map((p) => p.name);
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const { path, port } = container[probe].httpGet;
      expect(app.hasRoute({ method: "GET", url: path }), `${probe} ${path}`).toBe(true);
      expect(ports, probe).toContain(port);
    }
    expect(container.livenessProbe.httpGet.path).toBe("/health");
    expect(container.readinessProbe.httpGet.path).toBe("/ready");
    await app.close();
  });

  it("sets only variables the API reads, with plain values its configuration accepts, and secrets from the Secret", () => {
    for (const variable of env) expect(CONFIG_VARIABLES, variable.name).toContain(variable.name);
    const secret = only("Secret");
    const fromSecret = env.filter((v) => v.valueFrom?.secretKeyRef);
    for (const required of ["DATABASE_URL", "PASSWORD_PEPPER", "TOKEN_SECRET", "ENCRYPTION_KEYS"]) {
      expect(
        fromSecret.map((v) => v.name),
        required,
      ).toContain(required);
    }
    for (const variable of fromSecret) {
      const ref = variable.valueFrom?.secretKeyRef as { name: string; key: string };
      expect(ref.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData ?? {}), variable.name).toContain(ref.key);
    }

    const plain = Object.fromEntries(env.filter((v) => v.value !== undefined).map((v) => [v.name, v.value as string]));
    // WEB_DIST is a path inside the image (checked at start: it must hold index.html).
    const { WEB_DIST: _inImage, ...checked } = plain;
    const config = loadConfig({
      ...checked,
      DATABASE_URL: "postgresql://portier@db.internal/portier",
      PASSWORD_PEPPER: "p".repeat(32),
      TOKEN_SECRET: "t".repeat(32),
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
      SMTP_URL: "smtp://mail.internal:25",
      SMS_WEBHOOK_URL: "https://sms.example.com/send",
    });
    expect(config.sessions.secureCookies).toBe(true);
    expect(config.host).toBe("0.0.0.0");
  });

  it("gives a shutdown longer than preStop plus the API's own shutdown timeout (ADR 023)", () => {
    const timeout = env.find((v) => v.name === "SHUTDOWN_TIMEOUT_SECONDS")?.value;
    expect(timeout).toBeDefined();
    const preStop = container.lifecycle.preStop.sleep.seconds as number;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + Number(timeout));
  });

  it("keeps two instances at least, and every selector finds the Deployment's pods", () => {
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);

    const pdb = only("PodDisruptionBudget");
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);

    const hpa = only("HorizontalPodAutoscaler");
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: "Deployment", name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);

    const service = only("Service");
    expect(service.spec.selector).toEqual(labels);
    expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort)).toEqual(["http"]);
  });
});
