/**
 * 1. Public tracking read against a bare Fastify hello-world, 50 connections each, autocannon
 * in its own process. Alternating rounds, so that a noisy neighbour hurts both alike.
 */
import { startHelloFastify } from '../baseline/hello-fastify.js';
import { runChild } from '../support/child.js';
import { profiled } from '../support/profile.js';
import type { Harness } from '../support/harness.js';
import { loadNow, type Section } from '../support/report.js';
import { ms, percent, perSecond } from '../support/stats.js';

interface LoadResult {
  requestsPerSecond: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

const CONNECTIONS = 50;
const ROUNDS = 2;

export async function benchPublicRead(h: Harness, scale: number, trackingCodes: string[]): Promise<Section> {
  const hello = await startHelloFastify();
  const timing = { connections: CONNECTIONS, durationSec: Math.max(3, Math.round(15 * scale)), warmupSec: 3 };
  const paths = trackingCodes.map((code) => `/api/public/track/${code}`);
  const load = loadNow();
  const bare: LoadResult[] = [];
  const product: LoadResult[] = [];
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      // With BENCH_PROFILE both sides are profiled, so that the profiler's cost lands on both.
      bare.push(await profiled(`public-read-bare-${round + 1}`, () => runChild<LoadResult>('load/http-load.ts', { url: hello.url, ...timing })));
      product.push(await profiled(`public-read-${round + 1}`, () => runChild<LoadResult>('load/http-load.ts', { url: h.baseUrl, paths, ...timing })));
    }
  } finally {
    await hello.close();
  }

  const b = mean(bare);
  const p = mean(product);
  const ratio = p.requestsPerSecond / b.requestsPerSecond;
  const failed = product.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0);

  return {
    title: '1. Public tracking read vs bare Fastify',
    goal: '≥ 50 % of bare Fastify throughput, p99 < 20 ms',
    met: ratio >= 0.5 && p.latency.p99 < 20 && failed === 0,
    table: [
      ['server', 'requests/s', 'p50', 'p90', 'p99', 'requests', 'non-2xx / errors'],
      row('bare Fastify hello-world', b, bare),
      row('GET /api/public/track/:code', p, product),
      ['**ratio product / bare**', `**${percent(ratio)}**`, '', '', '', '', ''],
    ],
    notes: [
      `autocannon ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${timing.durationSec} s (after ${timing.warmupSec} s warm-up) each; figures are the mean of the rounds.`,
      `The product reads ${paths.length} different tracking codes in turn, from the seeded table (real rows, events and tasks); the product's rate limit is set out of reach, so every answer is a real read.`,
      `The product keeps each view in memory for at most 1 s (src/api/routes/public-tracking.ts): each of the ${paths.length} codes reads PostgreSQL at most once a second (≈ ${percent(Math.min(1, paths.length / p.requestsPerSecond))} of the ${perSecond(p.requestsPerSecond)} requests), the codes missing at the same moment in one query.`,
      `Both servers run in the benchmark process (the product with its worker, as \`npm start\` runs it); autocannon runs in a child process. Load average at start: ${load}.`,
    ],
  };
}

function mean(runs: LoadResult[]): LoadResult {
  const avg = (pick: (run: LoadResult) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;

  return {
    requestsPerSecond: avg((run) => run.requestsPerSecond),
    total: avg((run) => run.total),
    non2xx: avg((run) => run.non2xx),
    errors: avg((run) => run.errors),
    timeouts: avg((run) => run.timeouts),
    latency: { p50: avg((run) => run.latency.p50), p90: avg((run) => run.latency.p90), p99: avg((run) => run.latency.p99), max: avg((run) => run.latency.max) },
  };
}

function row(name: string, result: LoadResult, runs: LoadResult[]): string[] {
  const failures = runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0);
  const l = result.latency;

  return [name, perSecond(result.requestsPerSecond), ms(l.p50), ms(l.p90), ms(l.p99), String(runs.reduce((s, r) => s + r.total, 0)), String(failures)];
}
