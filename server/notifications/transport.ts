import "server-only";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

/**
 * One email to one person; plain text only. `id`, the notification's, becomes its Message-ID, the
 * same on every attempt, so a receiving system can tell a resent message from a new one.
 */
export type OutgoingEmail = { id?: string; to: string; subject: string; text: string };

/** The Message-ID of notification `id`'s email. */
export const messageIdOf = (id: string) => `<${id}@notifications.serums.invalid>`;

/** Where the worker hands its messages: an SMTP server, or the development mailbox. */
export type MailTransport = { kind: "smtp" | "dev-mailbox"; send: (message: OutgoingEmail) => Promise<void> };

export const DEFAULT_FROM = "SERUMS Oncology <no-reply@serums.invalid>";

/** An SMTP transport for `SMTP_URL` (e.g. smtp://user:pass@mail.example:587), with short timeouts. */
export function smtpTransport(url: string, from = process.env.SMTP_FROM ?? DEFAULT_FROM): MailTransport {
  const options = new URL(url);
  for (const [name, ms] of [
    ["connectionTimeout", "10000"],
    ["greetingTimeout", "10000"],
    ["socketTimeout", "20000"],
  ]) {
    if (!options.searchParams.has(name)) options.searchParams.set(name, ms);
  }
  const transporter = nodemailer.createTransport(options.toString());
  return {
    kind: "smtp",
    send: async (m) => {
      await transporter.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.id ? { messageId: messageIdOf(m.id) } : {}),
      });
    },
  };
}

/** A message kept by the development mailbox. */
export type MailboxMessage = OutgoingEmail & { at: string };

export const DEFAULT_DEV_MAILBOX_FILE = path.join(process.cwd(), ".data", "dev-mailbox.jsonl");

/**
 * The development mailbox: messages appended to a JSON-lines file (`DEV_MAILBOX_FILE`, default
 * .data/dev-mailbox.jsonl) instead of sent, and shown at /dev/mailbox. A file rather than a table,
 * so that no database role needs to read mail bodies, and the same on PGlite and PostgreSQL.
 */
export function devMailboxTransport(file = process.env.DEV_MAILBOX_FILE ?? DEFAULT_DEV_MAILBOX_FILE): MailTransport {
  return {
    kind: "dev-mailbox",
    send: async (m) => {
      await mkdir(path.dirname(file), { recursive: true });
      const line: MailboxMessage = { at: new Date().toISOString(), to: m.to, subject: m.subject, text: m.text };
      await appendFile(file, `${JSON.stringify(line)}\n`, "utf8");
    },
  };
}

/** The development mailbox's messages, newest first. */
export async function readDevMailbox(file = process.env.DEV_MAILBOX_FILE ?? DEFAULT_DEV_MAILBOX_FILE) {
  // A file the server writes at run time, not part of the build: nothing for the build to trace.
  const text = await readFile(/* turbopackIgnore: true */ file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as MailboxMessage)
    .reverse();
}

/**
 * The transport the environment asks for: SMTP with `SMTP_URL`; otherwise, outside production,
 * the development mailbox; in production without SMTP_URL, none (nothing is claimed, so nothing
 * is lost: the notifications wait in the outbox).
 */
export function transportFromEnvironment(): MailTransport | null {
  const url = process.env.SMTP_URL;
  if (url) return smtpTransport(url);
  if (process.env.NODE_ENV !== "production") return devMailboxTransport();
  return null;
}
