/**
 * Every page and route of the app answers with the security headers: found by walking app/, so a
 * new page is covered without editing this file. Checked signed out, signed in, and for refusals.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { type APIResponse, expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { PATIENT_ACCOUNT } from "./support/demo";

type AppRoute = { path: string; kind: "page" | "route" };

const DUMMY_ID = "00000000-0000-4000-8000-000000000000";

/** Every page.tsx and route.ts under app/, as a URL: route groups dropped, parameters filled in. */
function appRoutes(dir = path.join(process.cwd(), "app"), segments: string[] = []): AppRoute[] {
  const found: AppRoute[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      let segment: string | null = entry;
      if (/^\(.*\)$/.test(entry))
        segment = null; // (group)
      else if (entry === "[...nextauth]") segment = "session";
      else if (/^\[\.\.\..*\]$/.test(entry)) segment = "x";
      else if (/^\[.*\]$/.test(entry)) segment = DUMMY_ID;
      found.push(...appRoutes(full, segment === null ? segments : [...segments, segment]));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry)) {
      found.push({ path: `/${segments.join("/")}`, kind: "page" });
    } else if (/^route\.(ts|js)$/.test(entry)) {
      found.push({ path: `/${segments.join("/")}`, kind: "route" });
    }
  }
  return found;
}

const routes = appRoutes();

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

/** The headers every response carries (the browser tests run a production build, so HSTS too). */
function expectSecurityHeaders(response: APIResponse, what: string) {
  const h = response.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"], what).toContain(
    h["referrer-policy"],
  );
  expect(h["strict-transport-security"], what).toMatch(/max-age=\d{7,}/);
  expect(h["x-powered-by"], what).toBeUndefined();
  const csp = h["content-security-policy"] ?? "";
  expect(directive(csp, "frame-ancestors"), `${what}: frame-ancestors`).toBe("'none'");
  return csp;
}

/** Pages and routes: a script policy with this response's nonce and nothing inline. */
function expectDocumentPolicy(response: APIResponse, what: string): string {
  const csp = expectSecurityHeaders(response, what);
  const scripts = directive(csp, "script-src") ?? "";
  expect(scripts, `${what}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/]{16,}={0,2}'/);
  expect(scripts, `${what}: script-src`).toContain("'strict-dynamic'");
  expect(scripts, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scripts, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(directive(csp, "object-src"), what).toBe("'none'");
  return /'nonce-([^']+)'/.exec(scripts)?.[1] as string;
}

test("the walk finds the app's pages and routes", () => {
  const paths = routes.map((r) => r.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      "/",
      "/sign-in",
      "/sign-in/verify",
      "/account",
      "/api/auth/session",
      "/api/auth/activation",
    ]),
  );
});

test("every page and route, signed out: GET, and POST with and without this site's Origin", async ({
  request,
  baseURL,
}) => {
  for (const route of routes) {
    const get = await request.get(route.path, { maxRedirects: 0 });
    expect(get.status(), `GET ${route.path}`).toBeLessThan(500);
    expectDocumentPolicy(get, `GET ${route.path}`);
    if (route.kind === "route") {
      for (const origin of [baseURL as string, "https://evil.example"]) {
        const post = await request.post(route.path, { headers: { origin }, data: {}, maxRedirects: 0 });
        expect(post.status(), `POST ${route.path} from ${origin}`).toBeLessThan(500);
        expectDocumentPolicy(post, `POST ${route.path} from ${origin}`);
      }
    }
  }
});

test("every page and route, signed in", async ({ page }) => {
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  for (const route of routes) {
    const response = await page.request.get(route.path, { maxRedirects: 0 });
    expect(response.status(), `GET ${route.path}`).toBeLessThan(500);
    expectDocumentPolicy(response, `GET ${route.path} signed in`);
  }
});

test("a page not found, and a mutation refused by the proxy, carry them too", async ({ request }) => {
  const missing = await request.get("/no-such-page", { maxRedirects: 0 });
  expect(missing.status()).toBe(404);
  expectDocumentPolicy(missing, "404");
  const refused = await request.post("/sign-in", { headers: { origin: "https://evil.example" }, form: { a: "b" } });
  expect(refused.status()).toBe(403);
  expectDocumentPolicy(refused, "refused POST");
});

test("each response has its own nonce, and the page's scripts carry it", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const nonce = expectDocumentPolicy(first, "sign-in");
  expect(expectDocumentPolicy(second, "sign-in again")).not.toBe(nonce);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);

  // Build assets (not documents) get the static headers and a policy that allows nothing.
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeTruthy();
  const assetResponse = await request.get(asset as string);
  expect(assetResponse.status()).toBe(200);
  const csp = expectSecurityHeaders(assetResponse, asset as string);
  expect(directive(csp, "default-src")).toBe("'none'");
});

test("the browser runs the pages' own scripts and reports no policy violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
  });
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  expect(violations).toEqual([]);
});
