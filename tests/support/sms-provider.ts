/**
 * An SMS provider of the test's own, on loopback, speaking the part of Twilio's Messages API the
 * adapter uses (server/notifications/sms.ts): `POST /2010-04-01/Accounts/<sid>/Messages.json`,
 * form-encoded To, From and Body, HTTP Basic authentication with the account SID and auth token.
 * It answers 201 with a message resource, 401 to wrong credentials, and whatever a test asks for
 * next (`failNext`), with Twilio's error shape.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const SMS_ACCOUNT = { accountSid: "AC00000000000000000000000000000001", authToken: "test-auth-token" };

export type ReceivedSms = { to: string; from: string; body: string };

export type SmsProvider = {
  origin: string;
  received: ReceivedSms[];
  /** Requests refused (wrong path, method, credentials or form), with why. */
  refused: string[];
  /** The next `times` requests are answered with `status` and a Twilio error body. */
  failNext: (status: number, times?: number) => void;
  close: () => Promise<void>;
};

export async function startSmsProvider(): Promise<SmsProvider> {
  const received: ReceivedSms[] = [];
  const refused: string[] = [];
  const failures: number[] = [];
  const expectedPath = `/2010-04-01/Accounts/${SMS_ACCOUNT.accountSid}/Messages.json`;
  const expectedAuth = `Basic ${Buffer.from(`${SMS_ACCOUNT.accountSid}:${SMS_ACCOUNT.authToken}`).toString("base64")}`;
  const server: Server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      raw += chunk;
    });
    request.on("end", () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      const refuse = (status: number, why: string) => {
        refused.push(why);
        answer(status, { code: 20003, message: why, status });
      };
      if (request.method !== "POST" || request.url !== expectedPath)
        return refuse(404, `${request.method} ${request.url}`);
      if (request.headers.authorization !== expectedAuth) return refuse(401, "wrong credentials");
      if (!String(request.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) {
        return refuse(415, `content-type ${request.headers["content-type"]}`);
      }
      const form = new URLSearchParams(raw);
      const message = { to: form.get("To") ?? "", from: form.get("From") ?? "", body: form.get("Body") ?? "" };
      if (!/^\+[1-9]\d{7,14}$/.test(message.to) || !message.from || !message.body) {
        return refuse(400, `incomplete form: ${raw}`);
      }
      const failure = failures.shift();
      if (failure !== undefined) {
        return answer(failure, { code: 20500, message: "Internal Server Error", status: failure });
      }
      received.push(message);
      answer(201, {
        sid: `SM${received.length}`,
        status: "queued",
        to: message.to,
        from: message.from,
        body: message.body,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    refused,
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
