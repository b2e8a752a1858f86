/**
 * A command-line client of Portier's REST API, written against the generated client
 * (@portier/client) and nothing else: sign up, verify the email, sign in with a bearer
 * token (with the authenticator code when two-factor sign-in is on), and page through the
 * login history. See docs/api-clients.md for the flows.
 *
 *   pnpm --filter login-history-cli start sign-up jana@example.com +420601123456
 *   pnpm --filter login-history-cli start verify <token from the emailed link's #token=>
 *   pnpm --filter login-history-cli start sign-in jana@example.com      → prints a session token
 *   PORTIER_TOKEN=<token> pnpm --filter login-history-cli start history
 *
 * PORTIER_URL is where Portier runs (http://127.0.0.1:3000 by default); the password is
 * read from PORTIER_PASSWORD or the first line of stdin, never from an argument.
 */
import { createInterface } from "node:readline/promises";
import { bearer, createPortierClient, type PortierClient, type Problem } from "@portier/client";
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";

const portier = createPortierClient({ baseUrl: process.env.PORTIER_URL ?? "http://127.0.0.1:3000" });

async function main(argv: string[]) {
  const [command, ...args] = argv;
  switch (command) {
    case "sign-up":
      return signUp(required(args[0], "email"), required(args[1], "phone"));
    case "verify":
      return verify(required(args[0], "token"));
    case "sign-in":
      return signIn(required(args[0], "email"));
    case "history":
      return history(required(process.env.PORTIER_TOKEN, "PORTIER_TOKEN"));
    default:
      throw new Error("usage: sign-up <email> <phone> | verify <token> | sign-in <email> | history (with PORTIER_TOKEN)");
  }
}

async function signUp(email: string, phone: string) {
  const { error } = await portier.POST("/api/v1/signup", {
    body: { email, phone, password: await password(), acceptTerms: true, captcha: await captcha(portier) },
  });
  if (error) return fail(error);
  console.log(`Check ${email}: the link in the email (…/verify-email#token=…) carries the token for \`verify\`.`);
}

async function verify(token: string) {
  const { error } = await portier.POST("/api/v1/signup/verify-email", { body: { token } });
  if (error) return fail(error);
  console.log("Email verified: sign in now.");
}

async function signIn(email: string) {
  const first = await portier.POST("/api/v1/auth/sign-in", { body: { email, password: await password(), tokenDelivery: "bearer" } });
  if (first.error) return fail(first.error);
  let step = first.data;
  while (step.status === "otp_required") {
    const answer = await portier.POST("/api/v1/auth/sign-in/otp", {
      body: { attemptToken: step.attemptToken ?? "", code: await ask("Code from your authenticator app: ") },
    });
    if (answer.error) {
      if (answer.error.code === "OTP_INVALID") continue;
      return fail(answer.error);
    }
    step = answer.data;
  }
  while (step.status === "confirmation_required") {
    console.error("Confirm the sign-in with the link just emailed to you; waiting…");
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const answer = await portier.POST("/api/v1/auth/sign-in/confirmation", { body: { attemptToken: step.attemptToken ?? "" } });
    if (answer.error) return fail(answer.error);
    step = answer.data;
  }
  console.log(step.token);
}

async function history(token: string) {
  portier.use(bearer(token));
  let cursor: string | undefined;
  do {
    const { data, error } = await portier.GET("/api/v1/account/login-history", {
      params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } },
    });
    if (error) return fail(error);
    for (const row of data.items)
      console.log([row.at, row.result.padEnd(22), row.method, row.ip, row.country ?? "", row.browser].join("  "));
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
}

/** A solved ALTCHA challenge: base64 of {challenge, solution}, as the API's getCaptchaChallenge describes. */
async function captcha(client: PortierClient): Promise<string> {
  const { data } = await client.GET("/api/v1/captcha/challenge");
  if (!data) throw new Error("This Portier uses a third-party CAPTCHA; sign up in a browser.");
  const challenge = { parameters: data.parameters, signature: data.signature } as Parameters<typeof solveChallenge>[0]["challenge"];
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("The CAPTCHA could not be solved.");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}

async function password(): Promise<string> {
  return process.env.PORTIER_PASSWORD ?? ask("Password: ");
}

async function ask(question: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await lines.question(question)).trim();
  } finally {
    lines.close();
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is missing`);
  return value;
}

function fail(problem: Problem): never {
  // Branch on `code`; `detail` is for people.
  console.error(`${problem.code}: ${problem.detail ?? problem.title}`);
  process.exit(1);
}

await main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
