import { defineFlow } from "../flow.ts";
import { devSeedRoutes } from "./routes.ts";

/** Dev seeding: ready accounts and staff for tests (DEV_SEED=true, which needs the dev mailbox; ADR 038). */
export const devSeedFlow = defineFlow({
  name: "dev-seed",
  enabled: (config) => config.devSeed,
  routes: (api, { db, clock, hasher, encryptor, config }) =>
    api.register(devSeedRoutes, {
      deps: { db, clock, hasher, encryptor },
      providers: config.sharedLogin.providers.map((provider) => provider.id),
    }),
});
