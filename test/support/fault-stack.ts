/**
 * The product on parts a fault test owns and may break: its own PostgreSQL cluster, its own
 * Temporal dev server (on a SQLite file, so it can be killed and started again on its state),
 * its own SMTP server; the API in this process, and the worker either here too or in a child
 * process (`tsx src/worker.ts`) that can be SIGKILLed and started again. Nothing here touches
 * the machine's shared services.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../../src/infra/free-port.js';
import { ensureTemporalCli, startDevServer, type DevServer } from '../../src/infra/temporal-cli.js';
import { createLogger } from '../../src/logger.js';
import { startSystem, type RunningSystem } from '../../src/system.js';
import { startChildWorker, type ChildWorker } from './child-worker.js';
import { startFaultSmtp, type FaultSmtp } from './fault-smtp.js';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.js';
import { HttpClient } from './system.js';

export const DEMO_PASSWORD = 'uji-gangguan-rahasia';

export interface OwnTemporal {
  address: string;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and SQLite file. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface FaultStack {
  postgres: OwnPostgres;
  temporal: OwnTemporal;
  smtp: FaultSmtp;
  /** The API (and the worker, unless it runs in a child). */
  system: RunningSystem;
  /** The worker process, when asked for with `worker: 'child'`. */
  worker: ChildWorker | null;
  baseUrl: string;
  http: HttpClient;
  /** The environment the product runs with (also handed to the child worker). */
  env: Record<string, string>;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

export interface FaultStackOptions {
  /** Extra configuration, e.g. DEMO_SLA_DAY_SECONDS. */
  env?: Record<string, string>;
  /** Where the worker runs; default in this process. */
  worker?: 'in-process' | 'child';
  /**
   * Temporal's store: a SQLite `file` (default) survives a kill and a restart; `memory` is
   * faster (no disk sync per write) for tests that never restart the server.
   */
  temporalStore?: 'file' | 'memory';
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-fault-'));
  const [postgres, temporal, smtp] = await Promise.all([
    startOwnPostgres(),
    startOwnTemporal(options.temporalStore === 'memory' ? undefined : path.join(dataDir, 'temporal.sqlite')),
    startFaultSmtp(),
  ]);
  const env: Record<string, string> = {
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `fault-${randomBytes(4).toString('hex')}`,
    SMTP_URL: smtp.url,
    DATA_DIR: dataDir,
    DEMO_PASSWORD,
    PUBLIC_BASE_URL: 'http://portal.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  };
  const config = loadConfig({ ...env, PORT: '0' });
  const inProcess = options.worker !== 'child';
  const system = await startSystem({
    config,
    logger: createLogger(config.LOG_LEVEL),
    temporalAddress: temporal.address,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    runWorker: inProcess,
    seedDemoUsers: true,
  });
  const worker = inProcess ? null : await startChildWorker(env);
  const http = new HttpClient(system.url!);

  return {
    postgres,
    temporal,
    smtp,
    system,
    worker,
    baseUrl: system.url!,
    http,
    env,
    async login(username) {
      const response = await http.post('/api/auth/login', { username, password: DEMO_PASSWORD });
      if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
      return (response.body as { token: string }).token;
    },
    async close() {
      await worker?.stop();
      await system.close().catch(() => {});
      await smtp.close();
      await temporal.stop();
      await postgres.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A Temporal dev server on a fixed port and SQLite file, so a restart finds its workflows
 * (without a file, in memory: a restart would find nothing).
 */
export async function startOwnTemporal(dbFile?: string): Promise<OwnTemporal> {
  const cliPath = await ensureTemporalCli();
  const port = await freePort();
  let server: DevServer | null = null;
  const start = async () => {
    server = await startDevServer({ cliPath, port, headless: true, dbFile, logLevel: 'error' });
  };
  await start();

  return {
    address: `127.0.0.1:${port}`,
    start,
    async kill() {
      await server?.kill();
      server = null;
    },
    async stop() {
      await server?.stop();
      server = null;
    },
  };
}
