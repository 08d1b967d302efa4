/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it receives, parsed: the
 * peer the notification worker delivers to in the tests.
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { type MailTransport, smtpTransport } from "../../server/notifications/transport";

export type ReceivedMail = { to: string[]; subject: string; text: string; raw: string };

export type SmtpPeer = {
  url: string;
  received: ReceivedMail[];
  /** A transport that sends to `url` (or another SMTP URL). */
  transport: (url?: string) => MailTransport;
  close: () => Promise<void>;
};

export type SmtpPeerOptions = {
  /**
   * Awaited once a message's data has arrived and before the server answers it: a message is
   * received (and listed) only when the server has said so, so one whose sender hung up while it
   * waited was never delivered.
   */
  beforeAccepting?: (to: string[]) => Promise<void>;
};

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const hungUp = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onClose(session) {
      hungUp.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        await options.beforeAccepting?.(session.envelope.rcptTo.map((r) => r.address));
        if (hungUp.has(session.id)) return;
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const url = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    transport: (to = url) => smtpTransport(to, "SERUMS test <serums@test.invalid>"),
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
