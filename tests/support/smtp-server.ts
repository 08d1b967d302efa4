/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it receives, parsed. No
 * app code: the browser tests start it too, as the e2e server's SMTP_URL (e2e/alert-loop.spec.ts).
 */
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; subject: string; text: string; raw: string };

export type SmtpServerOptions = {
  /** The loopback port to listen on; 0 (the default) for any free one. */
  port?: number;
  /** Accept mail only for these addresses; any other recipient is refused (as an unknown mailbox). */
  onlyFor?: readonly string[];
  /**
   * Awaited once a message's data has arrived and before the server answers it: a message is
   * received (and listed) only when the server has said so, so one whose sender hung up while it
   * waited was never delivered.
   */
  beforeAccepting?: (to: string[]) => Promise<void>;
};

export type RunningSmtpServer = { url: string; received: ReceivedMail[]; close: () => Promise<void> };

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<RunningSmtpServer> {
  const received: ReceivedMail[] = [];
  const accepted = options.onlyFor && new Set(options.onlyFor.map((a) => a.toLowerCase()));
  const hungUp = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onClose(session) {
      hungUp.add(session.id);
    },
    onRcptTo(address, _session, callback) {
      if (accepted && !accepted.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error("No such mailbox here"), { responseCode: 550 }));
        return;
      }
      callback();
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
  await new Promise<void>((resolve, reject) => {
    smtp.server.once("error", reject);
    smtp.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
