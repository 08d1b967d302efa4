import { describe, expect, test } from "vitest";
import { browserLabel, isBrowserPushService, pushSubscriptionInput } from "./push-subscription";

const KEY = `B${"A".repeat(86)}`;
const SECRET = "A".repeat(22);

describe("push subscriptions", () => {
  test("go only to the browsers' push services, over https", () => {
    expect(isBrowserPushService("https://fcm.googleapis.com/fcm/send/abc")).toBe(true);
    expect(isBrowserPushService("https://updates.push.services.mozilla.com/wpush/v2/abc")).toBe(true);
    expect(isBrowserPushService("https://wns2-db5p.notify.windows.com/w/?token=abc")).toBe(true);
    expect(isBrowserPushService("https://web.push.apple.com/abc")).toBe(true);
    expect(isBrowserPushService("http://fcm.googleapis.com/fcm/send/abc")).toBe(false);
    expect(isBrowserPushService("https://fcm.googleapis.com:8443/fcm/send/abc")).toBe(false);
    expect(isBrowserPushService("https://evilfcm.googleapis.com.example/abc")).toBe(false);
    expect(isBrowserPushService("https://10.0.0.5/admin")).toBe(false);
    expect(isBrowserPushService("https://user:pw@fcm.googleapis.com/x")).toBe(false);
    expect(isBrowserPushService("not a url")).toBe(false);
  });

  test("a subscription's keys and name are checked, with a sentence", () => {
    const input = { endpoint: "https://fcm.googleapis.com/fcm/send/abc", p256dh: KEY, auth: SECRET, label: "Chrome" };
    expect(pushSubscriptionInput.safeParse(input).success).toBe(true);
    const message = (more: object) => pushSubscriptionInput.safeParse({ ...input, ...more }).error?.issues[0]?.message;
    expect(message({ endpoint: "https://127.0.0.1:9/push" })).toBe(
      "This browser's push service is not one the server sends to.",
    );
    expect(message({ p256dh: "short" })).toBe("This browser's push key is not valid.");
    expect(message({ auth: "x" })).toBe("This browser's push secret is not valid.");
    expect(message({ label: "" })).toBe("Name this browser.");
  });

  test("a browser's name from its user agent", () => {
    expect(
      browserLabel(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome on Linux");
    expect(browserLabel("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0")).toBe(
      "Firefox on Windows",
    );
    expect(browserLabel("curl/8")).toBe("A browser");
  });
});
