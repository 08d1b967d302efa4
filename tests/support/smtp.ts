/**
 * A real SMTP server on loopback (tests/support/smtp-server.ts) that keeps every message it
 * receives, parsed: the peer the notification worker delivers to in the tests, with a transport
 * that sends to it.
 */
import { type MailTransport, smtpTransport } from "../../server/notifications/transport";
import { type ReceivedMail, type SmtpServerOptions, startSmtpServer } from "./smtp-server";

export type { ReceivedMail };

export type SmtpPeer = {
  url: string;
  received: ReceivedMail[];
  /** A transport that sends to `url` (or another SMTP URL). */
  transport: (url?: string) => MailTransport;
  close: () => Promise<void>;
};

export async function startSmtpPeer(options: SmtpServerOptions = {}): Promise<SmtpPeer> {
  const server = await startSmtpServer(options);
  return {
    ...server,
    transport: (to = server.url) => smtpTransport(to, "SERUMS test <serums@test.invalid>"),
  };
}
