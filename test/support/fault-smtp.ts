/**
 * An SMTP server for fault tests, in the test process, that the test steers: it accepts,
 * refuses every recipient with a temporary 451 or a permanent 550, or is down (its port
 * closed) and comes back on the same port. Every accepted message is kept, parsed.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SmtpMode = 'accept' | 'temporary' | 'permanent';

export interface FaultSmtp {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** When each accepted message arrived (ms since epoch), by Message-ID, in arrival order. */
  receipts: { messageId: string; at: number }[];
  /** Recipients refused so far, by kind of refusal. */
  refused: { temporary: number; permanent: number };
  mode(): SmtpMode | 'down';
  setMode(mode: SmtpMode): void;
  /** Closes the port: clients get "connection refused" until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** How many accepted messages carry each Message-ID. */
  receiptsByMessageId(): Map<string, number>;
  waitFor(
    predicate: (mail: ParsedMail) => boolean,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startFaultSmtp(): Promise<FaultSmtp> {
  const messages: ParsedMail[] = [];
  const receipts: { messageId: string; at: number }[] = [];
  const refused = { temporary: 0, permanent: 0 };
  let mode: SmtpMode = 'accept';
  let server: SMTPServer | null = null;
  let port = 0;

  const listen = async (onPort: number) => {
    const created = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 500,
      onRcptTo(_address, _session, callback) {
        if (mode === 'accept') return callback();
        const temporary = mode === 'temporary';
        refused[temporary ? 'temporary' : 'permanent'] += 1;
        const text = temporary ? 'Mailbox busy, try again later' : 'Mailbox does not exist';
        callback(Object.assign(new Error(text), { responseCode: temporary ? 451 : 550 }));
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            messages.push(mail);
            receipts.push({ messageId: mail.messageId ?? '', at: Date.now() });
            callback();
          })
          .catch(callback);
      },
    });
    created.on('error', () => {}); // a client cut off mid-conversation is not our failure
    await new Promise<void>((resolve, reject) => {
      created.server.once('error', reject);
      created.listen(onPort, '127.0.0.1', resolve);
    });
    server = created;
    port = (created.server.address() as { port: number }).port;
  };
  const down = async () => {
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await listen(0);

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    receipts,
    refused,
    mode: () => (server ? mode : 'down'),
    setMode(next) {
      mode = next;
    },
    down,
    async up() {
      if (!server) await listen(port);
    },
    receiptsByMessageId() {
      const counts = new Map<string, number>();
      for (const { messageId } of receipts) counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
      return counts;
    },
    async waitFor(predicate, options = {}) {
      const count = options.count ?? 1;
      const deadline = Date.now() + (options.timeoutMs ?? 30_000);
      for (;;) {
        const found = messages.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} matching email(s), got ${found.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: down,
  };
}
