/**
 * Whether an error means the database is out of reach (down, restarting, refusing new
 * connections) rather than that a query was wrong: the API answers those 503, not 500.
 * drizzle wraps the driver's error (DrizzleQueryError), so the cause chain is searched.
 */

/** Socket-level codes (Node) and the postgres-js connection codes. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs: class 08 (connection exception), 57P01–57P03 (admin or crash shutdown, cannot
 * connect now: starting up or recovering) and 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
    cause = cause.cause;
  }

  return false;
}
