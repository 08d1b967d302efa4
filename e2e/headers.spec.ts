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
