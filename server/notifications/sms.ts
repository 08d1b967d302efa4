import "server-only";

/**
 * Text messages through an SMS provider's HTTP API. The adapter speaks Twilio's Programmable
 * Messaging API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From`
 * and `Body`, HTTP Basic authentication with the account SID and auth token, 201 with the message
 * on success and a JSON error with `code` and `message` otherwise), which several other providers
 * also accept. Another provider needs only another `SmsSender`.
 *
 * A message is one short line with the alert's level, its team and a sign-in link, never patient
 * data (lib/notifications/message.ts, alertSmsMessage). The provider has no idempotency key, so a
 * worker that dies between the provider's answer and recording it may send a text twice; every
 * other case is retried by the outbox until it is sent or dead, as email is.
 */
export type SmsSender = { send: (to: string, body: string) => Promise<void> };

export type TwilioSettings = {
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or alphanumeric sender id. */
  from: string;
  /** The API's origin: https://api.twilio.com, or another provider's (or a test's) that speaks it. */
  baseUrl?: string;
  timeoutMs?: number;
};

export function twilioSmsSender(settings: TwilioSettings): SmsSender {
  const base = (settings.baseUrl ?? "https://api.twilio.com").replace(/\/+$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString("base64")}`;
  return {
    send: async (to, body) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ To: to, From: settings.from, Body: body }),
        redirect: "error",
        signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      if (response.ok) return;
      let detail = "";
      try {
        const error = JSON.parse(text) as { code?: unknown; message?: unknown };
        if (error.code !== undefined || error.message !== undefined) {
          detail = `: ${error.code ?? ""} ${typeof error.message === "string" ? error.message.slice(0, 200) : ""}`;
        }
      } catch {
        // Not JSON: the status says enough.
      }
      throw new Error(`the SMS provider answered ${response.status}${detail.trimEnd()}`);
    },
  };
}

/**
 * The SMS sender the environment configures: `SMS_ACCOUNT_SID`, `SMS_AUTH_TOKEN` and `SMS_FROM`
 * (and `SMS_API_URL` for a provider other than Twilio's own endpoint), or null when they are not
 * all set: then nobody is texted, and a person who chose text messages alone is reached by no one
 * until they are (the outbox records why).
 */
export function smsSenderFromEnvironment(): SmsSender | null {
  const accountSid = process.env.SMS_ACCOUNT_SID;
  const authToken = process.env.SMS_AUTH_TOKEN;
  const from = process.env.SMS_FROM;
  if (!accountSid || !authToken || !from) return null;
  return twilioSmsSender({ accountSid, authToken, from, baseUrl: process.env.SMS_API_URL });
}
