/**
 * 2. The decision round trip (HTTP decision → workflow Update → projection → list read that
 * shows it) against a raw Temporal client Update on a counter workflow. Drivers run in child
 * processes; both workers run in the benchmark process.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startSubmittedAgreements } from '../support/agreements.js';
import { runChild } from '../support/child.js';
import { profiled } from '../support/profile.js';
import type { Harness } from '../support/harness.js';
import { loadNow, type Section } from '../support/report.js';
import { ms, percent, perSecond, type LatencySummary } from '../support/stats.js';

interface DriverResult {
  latency: LatencySummary;
  perSecond: number;
  failures?: string[];
  errors?: number;
  notYetVisible?: number;
}

const LANES = [1, 8];

export async function benchDecisionRoundTrip(h: Harness, scale: number): Promise<Section> {
  const timing = { durationSec: Math.max(4, Math.round(12 * scale)), warmupSec: 2 };
  const most = Math.max(...LANES);
  const { ids } = await startSubmittedAgreements(h.system.database.db, h.gateway, most, { concurrency: most, label: 'Uji keputusan' });
  const tokens = { verifier: await h.login('verifikator'), initiator: await h.login('pemrakarsa.dlh') };

  const baseline = await startCounterWorker(h, most);
  const load = loadNow();
  const rows: string[][] = [];
  let met = true;
  let trouble = 0;
  try {
    for (const lanes of LANES) {
      const raw = await runChild<DriverResult>('load/raw-updates.ts', { address: h.temporal.address, workflowIds: baseline.workflowIds.slice(0, lanes), ...timing });
      const product = await profiled(`decision-round-trip-${lanes}`, () => runChild<DriverResult>('load/decision-round-trips.ts', {
        baseUrl: h.baseUrl,
        lanes: ids.slice(0, lanes).map((id) => ({ id })),
        tokens,
        ...timing,
      }));
      const ratio = product.perSecond / raw.perSecond;
      trouble += (product.failures?.length ?? 0) + (raw.errors ?? 0);
      if (ratio < 0.7 || product.latency.p95 >= 150) met = false;
      rows.push(line(`raw Update, ${lanes} lane(s)`, raw), line(`HTTP decision + list, ${lanes} lane(s)`, product));
      rows.push([`**ratio at ${lanes} lane(s)**`, `**${percent(ratio)}**`, `p50 ×${(product.latency.p50 / raw.latency.p50).toFixed(1)}`, `p95 ×${(product.latency.p95 / raw.latency.p95).toFixed(1)}`, '', product.notYetVisible ? `${product.notYetVisible} list reads not yet showing it` : 'every first list read showed the new stage']);
      if (product.failures?.length) rows.push(['failures', product.failures.slice(0, 3).join('; '), '', '', '', '']);
    }
  } finally {
    await baseline.stop();
  }

  return {
    title: '2. Decision round trip vs raw Temporal Update',
    goal: '≥ 70 % of the raw Update rate, p95 < 150 ms',
    met: met && trouble === 0,
    table: [['what', 'round trips/s', 'p50', 'p95', 'p99', 'samples / notes'], ...rows],
    notes: [
      `Each lane owns one agreement (resp. one counter workflow) and sends one round trip after the other for ${timing.durationSec} s after ${timing.warmupSec} s of warm-up.`,
      'Product round trip: `POST /api/agreements/:id/decisions` (verifier `revise`, then office `resubmit`, each with an Idempotency-Key as the portal sends) and then `GET /api/agreements?stage=…&unitCode=DLH`, which must already list the new stage.',
      'Baseline: `handle.executeUpdate` of a counter workflow with no activity (bench/baseline/workflows.ts), worker in the same process as the product\'s.',
      `Load average at start: ${load}.`,
    ],
  };
}

async function startCounterWorker(h: Harness, count: number) {
  const taskQueue = `baseline-${randomBytes(4).toString('hex')}`;
  const connection = await NativeConnection.connect({ address: h.temporal.address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: h.baselineBundlePath } });
  const running = worker.run();
  const client = new Client({ connection: h.system.client.connection });
  const workflowIds = Array.from({ length: count }, (_, i) => `counter-${taskQueue}-${i}`);
  for (const workflowId of workflowIds) await client.workflow.start('counterWorkflow', { taskQueue, workflowId });

  return {
    workflowIds,
    async stop() {
      for (const workflowId of workflowIds) await client.workflow.getHandle(workflowId).terminate('benchmark over');
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

function line(name: string, result: DriverResult): string[] {
  const l = result.latency;

  return [name, perSecond(result.perSecond), ms(l.p50), ms(l.p95), ms(l.p99), String(l.count)];
}
