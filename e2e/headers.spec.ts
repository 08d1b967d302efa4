import { type APIResponse, expect, test } from "@playwright/test";

function expectSecurityHeaders(response: APIResponse) {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBeTruthy();
  expect(headers["x-frame-options"]).toMatch(/^(DENY|SAMEORIGIN)$/i);
  expect(headers["x-powered-by"]).toBeUndefined();
}

test.describe("security headers", () => {
  test("the sign-in page", async ({ request }) => {
    const response = await request.get("/sign-in");
    expect(response.status()).toBe(200);
    expectSecurityHeaders(response);
  });

  test("the redirect from /patients when signed out", async ({ request }) => {
    const response = await request.get("/patients", { maxRedirects: 0 });
    expect(response.status()).toBeGreaterThanOrEqual(300);
    expect(response.status()).toBeLessThan(400);
    expect(response.headers().location).toMatch(/\/sign-in$/);
    expectSecurityHeaders(response);
  });

  test("the session endpoint", async ({ request }) => {
    const response = await request.get("/api/auth/session");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/application\/json/);
    expectSecurityHeaders(response);
  });
});

test.describe("compression", () => {
  test("a small JSON answer is sent as it is, never cached; a page is compressed", async ({ request }) => {
    // A device request without a token: refused with a short problem document, before any work.
    const refused = await request.post("/api/v1/reports", {
      headers: { "accept-encoding": "gzip", "content-type": "application/json" },
      data: {},
    });
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-encoding"]).toBeUndefined();
    expect(refused.headers()["cache-control"]).toMatch(/^no-store\b/);
    expect((await refused.json()).status).toBe(401);

    const page = await request.get("/sign-in", { headers: { "accept-encoding": "gzip" } });
    expect(page.status()).toBe(200);
    expect(page.headers()["content-encoding"]).toBe("gzip");
  });
});
