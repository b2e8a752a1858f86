import { expect, test } from "./fixtures/index.ts";

/**
 * The policies themselves (ASVS 3.4.3 / 3.4.6, ADR 020). That every flow works under them
 * is checked by every other spec: `test` from fixtures/index.ts fails on any violation.
 */
function directives(policy: string | undefined): Map<string, string[]> {
  expect(policy, "a Content-Security-Policy header").toBeTruthy();
  return new Map(
    (policy as string)
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name as string, values]),
  );
}

test("the SPA's documents carry a strict Content-Security-Policy, and the page works under it", async ({ page, contentSecurityPolicy }) => {
  const response = await page.goto("/register");
  const policy = directives(response?.headers()["content-security-policy"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'none'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  expect(policy.get("style-src")).not.toContain("'unsafe-inline'");
  // The CAPTCHA's workers and styles work: it solves its challenge and is drawn as a checkbox.
  await expect(page.locator("altcha-widget [data-state]")).toHaveAttribute("data-state", "verified", { timeout: 60_000 });
  await expect(page.locator("altcha-widget .altcha-checkbox input")).toHaveCSS("width", "22px");
  expect(contentSecurityPolicy.violations).toEqual([]);
  // Script injected the way an XSS would is refused (and the guard of every test sees it).
  contentSecurityPolicy.allow(/script-src/);
  const ran = await page.evaluate(async () => {
    const w = window as unknown as { injected?: boolean };
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return w.injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => contentSecurityPolicy.violations.some((v) => /script-src/.test(v))).toBe(true);
});

test("the API reference renders under its own policy", async ({ page }) => {
  const response = await page.goto("/api/docs/static/index.html");
  expect(response?.status()).toBe(200);
  const policy = directives(response?.headers()["content-security-policy"]);
  expect(policy.get("script-src")).toEqual(["'self'"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  // The whole contract (every operation with its answers) is rendered before the title
  // appears: on a loaded machine that takes longer than the default wait.
  await expect(page.getByRole("heading", { name: /Portier API/ }).first()).toBeVisible({ timeout: 60_000 });
});
