/**
 * A push service of the test's own, on loopback: it receives the Web Push requests the worker
 * sends, checks their VAPID authorisation (RFC 8292: an ES256 JWT for this origin, signed by the
 * key named in `k=`), and decrypts their aes128gcm payload (RFC 8188, RFC 8291) with a subscription's
 * private key and authentication secret, made here as a browser would make them. The decryption is
 * written with node:crypto from the RFCs, not with the library that encrypted the message.
 */
import { createDecipheriv, createECDH, createPublicKey, type ECDH, hkdfSync, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What a browser holds for one subscription: its key pair and auth secret, and what it gives the server. */
export type BrowserSubscription = {
  endpoint: string;
  /** The public key and auth secret, base64url, as PushSubscription.toJSON().keys gives them. */
  p256dh: string;
  auth: string;
  ecdh: ECDH;
  authSecret: Buffer;
};

export type VapidClaims = { aud: string; exp: number; sub: string };

/** One push request received: its path, headers, VAPID claims and decrypted text. */
export type ReceivedPush = {
  path: string;
  ttl: string | undefined;
  urgency: string | undefined;
  contentEncoding: string | undefined;
  vapidKey: string;
  claims: VapidClaims;
  text: string;
};

export type PushEndpoint = {
  origin: string;
  received: ReceivedPush[];
  /** Requests refused: the reason, for a test to show. */
  refused: string[];
  /** A new subscription at `/push/<name>`, with keys made as a browser makes them. */
  subscribe: (name: string) => BrowserSubscription;
  /** Answer requests to `/push/<name>` with `status` from now on (201 by default). */
  answer: (name: string, status: number) => void;
  close: () => Promise<void>;
};

const b64url = (b: Buffer) => b.toString("base64url");

/** Checks `Authorization: vapid t=<jwt>, k=<key>`; returns the key and claims, or throws why not. */
function checkVapid(header: string | undefined, origin: string): { key: string; claims: VapidClaims } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? "");
  if (!match) throw new Error(`no VAPID authorisation: ${header}`);
  const [, jwt, key] = match;
  const [head, body, signature] = jwt.split(".");
  const header64 = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
  if (header64.alg !== "ES256" || header64.typ !== "JWT") throw new Error(`not an ES256 JWT: ${head}`);
  const point = Buffer.from(key, "base64url");
  if (point.length !== 65 || point[0] !== 4) throw new Error("k= is not an uncompressed P-256 point");
  const publicKey = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
    format: "jwk",
  });
  const signed = verify(
    "sha256",
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: "ieee-p1363" },
    Buffer.from(signature, "base64url"),
  );
  if (!signed) throw new Error("the VAPID JWT's signature does not verify with k=");
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as VapidClaims;
  if (claims.aud !== origin) throw new Error(`the JWT is for ${claims.aud}, not ${origin}`);
  const nowSeconds = Date.now() / 1000;
  if (!(claims.exp > nowSeconds && claims.exp <= nowSeconds + 24 * 3600))
    throw new Error("the JWT's exp is not within a day");
  if (!/^(mailto:|https:)/.test(claims.sub ?? "")) throw new Error(`the JWT's sub is no contact: ${claims.sub}`);
  return { key, claims };
}

/** Decrypts an aes128gcm body (RFC 8188) for a subscription (RFC 8291). */
export function decryptPush(body: Buffer, subscription: Pick<BrowserSubscription, "ecdh" | "authSecret">): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20];
  const senderKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error("the key id is not the sender's P-256 public key");
  if (ciphertext.length > recordSize) throw new Error("more than one record");
  const receiverKey = subscription.ecdh.getPublicKey();
  const shared = subscription.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), receiverKey, senderKey]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, subscription.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end).toString("utf8");
}

const readBody = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const subscriptions = new Map<string, BrowserSubscription>();
  const statuses = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const refused: string[] = [];
  let origin = "";
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const name = /^\/push\/([\w-]+)$/.exec(request.url ?? "")?.[1] ?? "";
    const subscription = subscriptions.get(name);
    try {
      if (request.method !== "POST" || !subscription) throw new Error(`no subscription at ${request.url}`);
      const status = statuses.get(name) ?? 201;
      if (status !== 201) {
        response.writeHead(status).end();
        return;
      }
      const { key, claims } = checkVapid(request.headers.authorization, origin);
      received.push({
        path: request.url ?? "",
        ttl: request.headers.ttl as string | undefined,
        urgency: request.headers.urgency as string | undefined,
        contentEncoding: request.headers["content-encoding"],
        vapidKey: key,
        claims,
        text: decryptPush(body, subscription),
      });
      response.writeHead(201).end();
    } catch (error) {
      refused.push(error instanceof Error ? error.message : String(error));
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    refused,
    subscribe: (name) => {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const subscription = {
        endpoint: `${origin}/push/${name}`,
        p256dh: b64url(ecdh.getPublicKey()),
        auth: b64url(authSecret),
        ecdh,
        authSecret,
      };
      subscriptions.set(name, subscription);
      return subscription;
    },
    answer: (name, status) => statuses.set(name, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
