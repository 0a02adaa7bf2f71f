/**
 * A real SMTP server in the benchmark process (loopback, no TLS). It keeps only what the storm
 * benchmark checks: each message's Message-ID and the instant it was accepted.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  at: number;
}

export interface BenchSmtp {
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startBenchSmtp(): Promise<BenchSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // The storm opens many connections at once; the default limit would refuse some.
    maxClients: 1000,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ messageId: messageIdOf(Buffer.concat(chunks).toString('utf8')), at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Message-ID header of a raw message (headers end at the first blank line). */
function messageIdOf(raw: string): string {
  const headers = raw.slice(0, raw.search(/\r?\n\r?\n/) >>> 0);
  const match = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers);

  return match?.[1] ?? '';
}
