/**
 * An admin registers a backend service (SMART Backend Services) on the admin page with its public
 * key set and a care team; the service then gets a token with an assertion signed by its private
 * key; once the admin revokes it, it gets none.
 */
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { staff } from "./support/demo";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

test("an admin registers a backend service, which gets a token until the admin revokes it", async ({
  page,
  baseURL,
  request,
}) => {
  test.setTimeout(120_000);
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const name = `Hospital EHR ${Date.now()}`;
  const publicJwk = { ...publicKey.export({ format: "jwk" }), kid: "ehr-1", alg: "RS384" };
  const tokenUrl = `${baseURL}/api/oauth/token`;

  await new SignInPage(page).signIn(staff("admin1"), /\/admin$/);
  await page.goto("/admin/apps");
  await page.getByLabel("Name, as patients will see it in their access log").fill(name);
  const jwks = page.getByLabel("Public key set (JWKS)");
  // A private key is refused, with the reason next to the field.
  await jwks.fill(JSON.stringify({ keys: [{ ...privateKey.export({ format: "jwk" }), kid: "ehr-1" }] }));
  await page.getByRole("checkbox", { name: "Breast Oncology" }).check();
  await page.getByRole("button", { name: "Register backend service" }).click();
  await expect(page.getByText(/This is a private key/)).toBeVisible();

  await jwks.fill(JSON.stringify({ keys: [publicJwk] }));
  await page.getByRole("button", { name: "Register backend service" }).click();
  const registered = page.getByText(`Registered ${name}. Its client_id is`);
  await expect(registered).toBeVisible();
  const clientId = (await registered.locator("code").textContent()) ?? "";
  expect(clientId).toMatch(/^backend-/);
  await page.reload();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("Backend service");
  await expect(row).toContainText("Breast Oncology");

  const assertion = () => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: "RS384", kid: "ehr-1", typ: "JWT" })}.${b64({
      iss: clientId,
      sub: clientId,
      aud: tokenUrl,
      exp: now + 240,
      jti: randomUUID(),
    })}`;
    return `${input}.${sign("sha384", Buffer.from(input), privateKey).toString("base64url")}`;
  };
  const askForToken = () =>
    request.post(tokenUrl, {
      form: {
        grant_type: "client_credentials",
        scope: "system/*.rs",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion(),
      },
    });
  const granted = await askForToken();
  expect(granted.status()).toBe(200);
  expect(await granted.json()).toMatchObject({ token_type: "Bearer", expires_in: 300, scope: "system/*.rs" });

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("button", { name: `Yes, revoke ${name}` }).click();
  await expect(row).toContainText("Revoked");
  const refused = await askForToken();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error).toBe("invalid_client");
});
