/**
 * Everything a benchmark run needs, started by the run itself on loopback: a Temporal dev
 * server (in memory, free port), a fresh PostgreSQL database, an SMTP server, the product
 * through `startSystem` (API and worker in this process), and the demo users' tokens.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createWorkflowGateway, type WorkflowGateway } from '../../src/api/workflow-gateway.js';
import { loadConfig, type Config } from '../../src/config.js';
import { freePort } from '../../src/infra/free-port.js';
import { ensureTemporalCli, startDevServer, type DevServer } from '../../src/infra/temporal-cli.js';
import { createLogger } from '../../src/logger.js';
import { startSystem, type RunningSystem } from '../../src/system.js';
import { bundleWorkflows } from '../../src/temporal/bundle.js';
import { bundleBaselineWorkflows } from '../baseline/bundle.js';
import { createBenchDatabase, type BenchDatabase } from './database.js';
import { startBenchSmtp, type BenchSmtp } from './smtp.js';

export const DEMO_PASSWORD = 'bench-rahasia';

export interface Harness {
  temporal: DevServer;
  database: BenchDatabase;
  smtp: BenchSmtp;
  system: RunningSystem;
  config: Config;
  gateway: WorkflowGateway;
  baseUrl: string;
  workDir: string;
  /** The product's workflow bundle on disk, for workers in other processes. */
  bundlePath: string;
  /** The baseline workflows (bench/baseline/workflows.ts), bundled apart. */
  baselineBundlePath: string;
  logFile: string;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-bench-'));
  const cliPath = await ensureTemporalCli();
  const temporal = await startDevServer({ cliPath, port: await freePort(), headless: true, logLevel: 'error' });
  const bundlePath = path.join(workDir, 'workflows.js');
  fs.writeFileSync(bundlePath, (await bundleWorkflows()).code);
  const baselineBundlePath = path.join(workDir, 'baseline-workflows.js');
  fs.writeFileSync(baselineBundlePath, await bundleBaselineWorkflows());
  const database = await createBenchDatabase();
  const smtp = await startBenchSmtp();

  const config = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    DATA_DIR: path.join(workDir, 'data'),
    SMTP_URL: smtp.url,
    TEMPORAL_TASK_QUEUE: `bench-${randomBytes(4).toString('hex')}`,
    DEMO_PASSWORD,
    PUBLIC_BASE_URL: 'http://portal.bench',
    // The product's per-address limit (600/min) would turn a load test into a test of 429s.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  });
  // Logs go to a file: the terminal shows the benchmark's progress, not the product's lines.
  const logFile = path.join(workDir, 'product.log');
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, sync: false }));
  const system = await startSystem({
    config,
    logger,
    temporalAddress: temporal.address,
    workflowBundle: { codePath: bundlePath },
    seedDemoUsers: true,
  });
  const baseUrl = system.url!;

  return {
    temporal,
    database,
    smtp,
    system,
    config,
    gateway: createWorkflowGateway(system.client, config.TEMPORAL_TASK_QUEUE),
    baseUrl,
    workDir,
    bundlePath,
    baselineBundlePath,
    logFile,
    async login(username) {
      const response = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
    async close() {
      await system.close().catch((error) => console.error('product did not close cleanly', error));
      await temporal.stop();
      await smtp.close();
      await database.drop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
