/**
 * 5. Many live agreements waiting on their due-date timers: the time to start them and the
 * resident memory of the worker that holds them, in its own process (`src/worker.ts`, as in
 * production). Baseline: a bare worker holding as many one-timer workflows.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { createWorkflowGateway } from '../../src/api/workflow-gateway.js';
import { readyUpdate } from '../baseline/workflows.js';
import { startSubmittedAgreements } from '../support/agreements.js';
import { spawnScript } from '../support/child.js';
import type { Harness } from '../support/harness.js';
import { loadNow, type Section } from '../support/report.js';
import { sampleRss } from '../support/rss.js';
import { mib, percent, perSecond, seconds } from '../support/stats.js';

const GOAL_BYTES = 1024 ** 3;
const CONCURRENCY = 64;
const WORKER_SCRIPT = fileURLToPath(new URL('../../src/worker.ts', import.meta.url));

interface Measured {
  elapsedMs: number;
  idleRss: number;
  peakRss: number;
  settledRss: number;
  running: number;
}

export async function benchLiveTimers(h: Harness, scale: number): Promise<Section> {
  const count = Math.max(100, Math.round(10_000 * scale));
  const load = loadNow();

  const productQueue = `live-${randomBytes(4).toString('hex')}`;
  const product = await measureWorker(h, WORKER_SCRIPT, productQueue, {
    DATABASE_URL: h.config.DATABASE_URL!,
    SMTP_URL: h.smtp.url,
    DATA_DIR: path.join(h.workDir, 'worker-data'),
    LOG_LEVEL: 'info',
  }, async () => {
    const gateway = createWorkflowGateway(h.system.client, productQueue);
    await startSubmittedAgreements(h.system.database.db, gateway, count, { concurrency: CONCURRENCY, label: 'Uji menunggu tenggat' });
  });

  const baselineQueue = `waiting-${randomBytes(4).toString('hex')}`;
  const baseline = await measureWorker(h, 'baseline/worker.ts', baselineQueue, { BUNDLE_PATH: h.baselineBundlePath }, async () => {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const workflowId = `waiting-${baselineQueue}-${next++}`;
        const startWorkflowOperation = new WithStartWorkflowOperation('waitingWorkflow', { taskQueue: baselineQueue, workflowId, workflowIdConflictPolicy: 'FAIL' });
        await h.system.client.workflow.executeUpdateWithStart(readyUpdate, { startWorkflowOperation });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  });

  return {
    title: `5. ${count.toLocaleString('en')} live agreements waiting on timers`,
    goal: 'worker RSS < 1 GiB',
    met: product.peakRss < GOAL_BYTES && product.running === count,
    table: [
      ['worker', 'started', 'time to start', 'starts/s', 'RSS idle', 'RSS peak', 'RSS settled'],
      row('product (`src/worker.ts`)', product),
      row('bare worker, one-timer workflow', baseline),
      ['**ratio product / baseline**', '', '', `**${percent(1 / (product.elapsedMs / baseline.elapsedMs))}**`, percent(product.idleRss / baseline.idleRss), `**${percent(product.peakRss / baseline.peakRss)}**`, percent(product.settledRss / baseline.settledRss)],
    ],
    notes: [
      `Each start is the product's own: the projection row, then update-with-start of a submitted agreement that answers once its first projection is written (${CONCURRENCY} at a time, from the benchmark process); the baseline starts its workflows the same way, answering at once.`,
      'RSS read from /proc/<pid>/status every 250 ms: idle = the worker polling before any start, peak = the highest reading, settled = 5 s after the last start. "started" counts running workflows on the task queue (Temporal visibility).',
      `The product worker keeps TEMPORAL_MAX_CACHED_WORKFLOWS=${h.config.TEMPORAL_MAX_CACHED_WORKFLOWS} agreements in memory; the bare worker keeps the SDK's default (from the heap size, ≈ 2,300 here). Evicted workflows replay from history when their timer fires. Load average at start: ${load}.`,
    ],
  };
}

async function measureWorker(h: Harness, script: string, taskQueue: string, env: Record<string, string>, start: () => Promise<void>): Promise<Measured> {
  const child = spawnScript(script, { TEMPORAL_ADDRESS: h.temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, ...env });
  try {
    await untilRunning(child);
    const rss = sampleRss(child.pid!);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleRss = rss.now();
    const begun = performance.now();
    await start();
    const elapsedMs = performance.now() - begun;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const settledRss = rss.now();
    rss.stop();
    const live = await h.system.client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`);

    return { elapsedMs, idleRss, peakRss: rss.peak(), settledRss, running: live.count };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

/** Resolves once the worker says it polls; fails if it dies first. */
function untilRunning(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    // Output is read for ever (a full pipe would stall the worker) but kept only until ready.
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      if (ready) return;
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('worker running')) {
        ready = true;
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before running:\n${output.slice(-3000)}`)));
  });
}

function row(name: string, m: Measured): string[] {
  return [name, m.running.toLocaleString('en'), seconds(m.elapsedMs), perSecond(m.running / (m.elapsedMs / 1000)), mib(m.idleRss), mib(m.peakRss), mib(m.settledRss)];
}
