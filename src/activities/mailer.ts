/**
 * Email transport: SMTP through nodemailer when SMTP_URL is set, else `.eml` files under
 * DATA_DIR/outbox so the embedded start works without a mail server and nothing is lost.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  if (options.smtpUrl) {
    // Bounded waits: a mail server that hangs must fail an attempt, so a delivery workflow retries.
    const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
    const transport = nodemailer.createTransport({ url: options.smtpUrl, ...timeouts });

    return {
      async send(mail) {
        await transport.sendMail({ from: options.from, ...mail });
      },
      close: () => transport.close(),
    };
  }

  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  return {
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, ...mail });
      await fs.mkdir(options.outboxDir, { recursive: true });
      const id = mail.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
      await fs.writeFile(path.join(options.outboxDir, `${Date.now()}-${id}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
