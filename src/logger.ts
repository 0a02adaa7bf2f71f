/**
 * The one pino logger: JSON lines, fields first and a short constant message. Secrets never
 * reach it: authorization headers, passwords and tokens are redacted wherever they appear.
 */
import pino, { type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'si-mbois-ker' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.token',
        'password',
        'token',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
