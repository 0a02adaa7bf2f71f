/**
 * For the backup-and-restore fault test: the product (API in this process, worker in a child
 * process as in production) started on parts the test hands it, so it can run once on the
 * original services and once on the restored ones; and the backup and restore scripts run
 * exactly as an operator runs them (`npm run backup` / `npm run restore`).
 */
import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/infra/project-root.js';
import { createLogger } from '../../src/logger.js';
import { startSystem, type RunningSystem } from '../../src/system.js';
import { startChildWorker, type ChildWorker } from './child-worker.js';
import { DEMO_PASSWORD } from './fault-stack.js';
import { HttpClient } from './system.js';

export interface Product {
  system: RunningSystem;
  worker: ChildWorker | null;
  http: HttpClient;
  baseUrl: string;
  login(username: string): Promise<string>;
  /** Starts the worker process; until then timers may fire but no workflow moves. */
  startWorker(): Promise<void>;
  /** The writers stop: the worker finishes what it runs (SIGTERM), then the API closes. */
  stop(): Promise<void>;
}

/**
 * The API, on `env` (DATABASE_URL, TEMPORAL_ADDRESS, DATA_DIR, SMTP_URL, the task queue); the
 * worker comes with startWorker(), so a test can look at restored state before anything runs,
 * or, with `worker: 'in-process'`, at once beside the API as `npm start` runs it.
 */
export async function startProduct(
  env: Record<string, string>,
  options: { worker?: 'child' | 'in-process' } = {},
): Promise<Product> {
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  const full = { DEMO_PASSWORD, PUBLIC_BASE_URL: 'http://portal.test', LOG_LEVEL: logLevel, ...env };
  const config = loadConfig({ ...full, PORT: '0' });
  const system = await startSystem({
    config,
    logger: createLogger(config.LOG_LEVEL),
    temporalAddress: env.TEMPORAL_ADDRESS!,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    // PGlite admits one process: the embedded setup runs its worker beside the API.
    runWorker: options.worker === 'in-process',
    seedDemoUsers: true,
  });
  const http = new HttpClient(system.url!);

  const product: Product = {
    system,
    worker: null,
    http,
    baseUrl: system.url!,
    async login(username) {
      const response = await http.post('/api/auth/login', { username, password: DEMO_PASSWORD });
      if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
      return (response.body as { token: string }).token;
    },
    async startWorker() {
      if (options.worker === 'in-process') return;
      product.worker ??= await startChildWorker(full);
    },
    async stop() {
      await product.worker?.stop();
      product.worker = null;
      await system.close();
    },
  };

  return product;
}

export interface ScriptRun {
  code: number | null;
  output: string;
  ms: number;
}

/** `npm run --silent <script> -- <args>` with the product's environment, to its end. */
export async function runScript(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const startedAt = Date.now();
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: projectRoot(),
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });

  return { code, output, ms: Date.now() - startedAt } satisfies ScriptRun;
}
