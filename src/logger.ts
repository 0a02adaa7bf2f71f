/**
 * The one pino logger: JSON lines, fields first and a short constant message. Secrets never
 * reach it: authorization headers, passwords and tokens are redacted wherever they appear.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { currentLogFields } from './log-context.js';

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'si-mbois-ker' },
    // Fields of the unit of work (an activity's agreementId, …): see log-context.ts.
    mixin: () => ({ ...currentLogFields() }),
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
  };

  return destination ? pino(options, destination) : pino(options);
}
