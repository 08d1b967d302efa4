/**
 * The SMTP server the bench's app sends its notifications to: a real one (smtp-server) on loopback
 * that notes when each message arrived, by the notification id in its Message-ID.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type BenchMailbox = {
  url: string;
  /** Arrival time (ms since the epoch) of each message, by notification id. */
  arrivals: Map<string, number>;
  close: () => Promise<void>;
};

const MESSAGE_ID = /^Message-ID:\s*<([^@>]+)@/im;

export async function startBenchMailbox(): Promise<BenchMailbox> {
  const arrivals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 2048) head += chunk.toString("utf8");
      });
      stream.on("end", () => {
        const id = MESSAGE_ID.exec(head)?.[1];
        if (id && !arrivals.has(id)) arrivals.set(id, Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
