/**
 * The Fastify application, itself a plugin: external plugins, then Portier's own
 * (errors, auth), then the routes of every flow in the list of flows (flows/index.ts,
 * ADR 033) under /api/v1. The parts several flows share, and the sign-in hooks, are
 * assembled here. server.ts only listens; tests build this same app and call it
 * through `inject`.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { ErrorCode } from "@portier/shared/errors";
import Fastify from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { createCaptcha } from "./captcha/captcha.ts";
import type { Config } from "./config.ts";
import { swaggerOptions } from "./contract/document.ts";
import { installContract } from "./contract/plugin.ts";
import type { Db } from "./db/client.ts";
import { readMigrations } from "./db/schema-engine.ts";
import type { ApiScope, AppParts } from "./flows/flow.ts";
import { errorCatalogueSchema, flows, smsCodeMessages } from "./flows/index.ts";
import { createLoginService } from "./flows/login/service.ts";
import { createLoginThrottle } from "./flows/login/throttle.ts";
import { createLoginNotifications } from "./flows/login-notifications/service.ts";
import { oidcProviderRoutes } from "./flows/oidc-provider/routes.ts";
import { createSignInWithPortier } from "./flows/oidc-provider/setup.ts";
import { createMetrics } from "./flows/operations/metrics.ts";
import { operationsRoutes } from "./flows/operations/routes.ts";
import { createOtpService } from "./flows/otp/service.ts";
import { createRecoveryCodesService } from "./flows/recovery-codes/service.ts";
import { createRelyingParty } from "./flows/shared-login/relying-party.ts";
import { createSharedLoginService } from "./flows/shared-login/service.ts";
import { createSignupService } from "./flows/signup/service.ts";
import { type Clock, clockScopeOf, type Monotonic, ScopedClock, systemClock, systemMonotonic } from "./lib/clock.ts";
import { hmac } from "./lib/crypto.ts";
import { createEncryptor } from "./lib/encryption.ts";
import { createOutbox } from "./outbox/outbox.ts";
import { createPasswordHasher } from "./passwords/hashing.ts";
import { createPasswordRecheck } from "./passwords/recheck.ts";
import auth from "./plugins/auth.ts";
import { cookieParsing } from "./plugins/cookies.ts";
import csrf from "./plugins/csrf.ts";
import errors, { sendProblem } from "./plugins/errors.ts";
import { registerRateLimits } from "./plugins/rate-limits.ts";
import { lazyRequestLogger, OneLinePerRequest, requestLogSerializers } from "./plugins/request-log.ts";
import securityHeaders, { DOCS_CSP } from "./plugins/security-headers.ts";
import { serializerCompiler } from "./plugins/serializer.ts";
import { spaRoutes } from "./plugins/spa.ts";
import { createSessionService } from "./sessions/service.ts";
import staffAuth from "./staff/auth.ts";
import { createStaffSessions } from "./staff/sessions.ts";
import { createSmsBudget } from "./verification/sms-budget.ts";
import { createSmsCodes } from "./verification/sms-codes.ts";

export interface AppDeps {
  config: Config;
  db: Db;
  clock?: Clock;
  /** Monotonic time for the freshness of what the instance keeps in memory; tests pass one they advance. */
  monotonicNow?: Monotonic;
  /** Where log lines go (stdout by default); the log-secrecy test captures them. */
  logStream?: { write(line: string): void };
}

/** Request bodies are small JSON documents; anything larger is refused with 413. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** The application, with the zod type provider's types (a route registered on it is checked against its schemas). */
export type App = ApiScope;

export async function buildApp({ config, db, clock = systemClock, monotonicNow = systemMonotonic, logStream }: AppDeps): Promise<App> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      serializers: requestLogSerializers,
      ...(logStream ? { stream: logStream } : {}),
    },
    logController: new OneLinePerRequest(logStream),
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Errors the router raises before any route runs (a malformed or overlong path
    // segment) get the same problem+json as every other bad input.
    frameworkErrors: (error, _request, reply) =>
      error.code === "FST_ERR_MAX_PARAM_LENGTH"
        ? sendProblem(reply, { code: ErrorCode.URI_TOO_LONG, detail: "A part of the address is too long." })
        : sendProblem(reply, { code: ErrorCode.MALFORMED_REQUEST, detail: "The address is not valid." }),
    // Only these peers' X-Forwarded-For is believed; clientAddress() reads the result.
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Graceful shutdown: a request still running when close() begins is answered with
  // `Connection: close`, so its keep-alive connection ends with it and close() does not
  // wait for the client's idle timeout (a load balancer's can be minutes).
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  // Synchronous, like every hook on every request: an async hook costs each request a
  // promise and a trip through the microtask queue (ADR 031).
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) reply.header("connection", "close");
    done(null, payload);
  });

  // The dev clock's scopes (DEV_CLOCK=true only, ADR 038): each request runs in the scope
  // its header names. Entered again once the body is read, since the body's stream events
  // come from outside the request's async context.
  if (clock instanceof ScopedClock) {
    const enterScope = (request: { headers: Record<string, string | string[] | undefined> }, _reply: unknown, done: () => void) => {
      clock.enter(clockScopeOf(request.headers));
      done();
    };
    app.addHook("onRequest", enterScope);
    app.addHook("preValidation", enterScope);
  }
  await app.register(errors);
  await app.register(securityHeaders);
  await app.register(cookieParsing);
  await registerRateLimits(app, config);

  // The OpenAPI document, from the operations the routes declare (contract/, ADR 039).
  await app.register(swagger, swaggerOptions({ config, schemas: { ErrorCatalogue: errorCatalogueSchema() } }));
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: DOCS_CSP });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const outbox = createOutbox({ clock });
  const hasher = createPasswordHasher({ pepper: config.passwords.pepper, cost: config.passwords.bcryptCost });
  const sessions = createSessionService({ db, clock, settings: config.sessions, monotonicNow });
  const captcha = createCaptcha({ config: config.captcha, hmacKey: hmac(config.tokenSecret, "captcha"), db, clock });
  const metrics = config.metricsToken ? createMetrics(db) : undefined;
  const smsBudget = createSmsBudget({
    clock,
    settings: config.sms.budget,
    onRefused: (budget) => metrics?.smsRefused(budget),
    logError: (fields, message) => app.log.error(fields, message),
  });
  const smsCodes = createSmsCodes({
    db,
    clock,
    outbox,
    secret: hmac(config.tokenSecret, "sms-codes"),
    budget: smsBudget,
    messages: smsCodeMessages(),
  });
  const signup = createSignupService({ db, clock, outbox, hasher, publicUrl: config.publicUrl });
  const throttle = createLoginThrottle({ db, clock, secret: hmac(config.tokenSecret, "login-throttle") });
  const verifyCaptcha = (solution: string, ip: string) => captcha.verify(solution, ip);
  const encryptor = createEncryptor(config.encryptionKeys);
  // The one throttled password re-check of a signed-in customer (ADR 029): every form that asks for the password again.
  const recheck = createPasswordRecheck({ db, clock, hasher, secret: hmac(config.tokenSecret, "password-check") });
  const recoveryCodes = createRecoveryCodesService({
    db,
    clock,
    outbox,
    recheck,
    sessions,
    secret: hmac(config.tokenSecret, "recovery-codes"),
  });
  // Turning two-factor sign-in on makes the first set of recovery codes (issue 17, ADR 040).
  const otp = createOtpService({
    db,
    clock,
    encryptor,
    recheck,
    outbox,
    sessions,
    onTwoFactorOn: (tx, account, context) => recoveryCodes.replaceSet(tx, account, context),
  });
  const providerNames = new Map(config.sharedLogin.providers.map((provider) => [provider.id, provider.displayName]));
  const notifications = createLoginNotifications({
    db,
    clock,
    outbox,
    sessions,
    publicUrl: config.publicUrl,
    providerName: (id) => providerNames.get(id) ?? id,
  });
  const login = createLoginService({
    db,
    clock,
    hasher,
    sessions,
    throttle,
    otp,
    notifications,
    outbox,
    publicUrl: config.publicUrl,
    verifyCaptcha,
    // The sign-in hooks of other flows, passed here rather than registered by them (ADR 033).
    onComplete: [(tx, attempt) => sharedLogin.onAttemptComplete(tx, attempt)],
  });
  const sharedLogin = createSharedLoginService({
    db,
    clock,
    providers: config.sharedLogin.providers,
    relyingParty: createRelyingParty({ clock, redirectUri: `${config.publicUrl}/shared-login/callback`, log: app.log, monotonicNow }),
    login,
    signup,
    recheck,
    outbox,
    flowKey: hmac(config.tokenSecret, "shared-login"),
    verifyCaptcha,
  });

  const staffSessions = createStaffSessions({ db, clock });

  await app.register(csrf, { secureCookies: config.sessions.secureCookies, allowedOrigins: config.allowedOrigins });
  const signInWithPortier = createSignInWithPortier({
    config,
    db,
    clock,
    sessions,
    encryptor,
    monotonicNow,
    logError: (error, message) => app.log.error({ err: error }, message),
  });
  // Sessions, and the access tokens the OpenID provider issues for the API (ADR 041).
  await app.register(auth, { sessions, secureCookies: config.sessions.secureCookies, accessTokens: signInWithPortier.accessTokens });
  // Sign in with Portier (SPEC §11): the OpenID provider at PUBLIC_URL/oidc.
  await app.register(oidcProviderRoutes, { prefix: "/oidc", ...signInWithPortier.routes });
  await app.register(staffAuth, { staffSessions, secureCookies: config.sessions.secureCookies });

  metrics?.install(app);
  await app.register(operationsRoutes, {
    db,
    expectedMigrations: readMigrations().migrationDirectories.map((m) => m.path),
    metrics: metrics && config.metricsToken ? { token: config.metricsToken, registry: metrics.registry } : undefined,
  });

  const parts: AppParts = {
    config,
    db,
    clock,
    outbox,
    hasher,
    encryptor,
    captcha,
    verifyCaptcha,
    sessions,
    staffSessions,
    smsCodes,
    recheck,
    throttle,
    signup,
    otp,
    recoveryCodes,
    notifications,
    login,
    sharedLogin,
    connectedServices: signInWithPortier.connectedServices,
  };
  // Every flow's routes, from the one list of flows (flows/index.ts, ADR 033).
  await app.register(
    async (api) => {
      installContract(api);
      for (const flow of flows) {
        if (flow.routes && (flow.enabled?.(config) ?? true)) await flow.routes(api, parts);
      }
    },
    { prefix: "/api/v1" },
  );
  // Last: its fallback answers only the GETs no route above claims.
  if (config.webDist) await app.register(spaRoutes, { root: config.webDist });

  return app;
}
