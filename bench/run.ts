/**
 * `npm run bench`: starts everything it measures (Temporal dev server, a fresh database, an SMTP
 * server, the product), seeds the register, runs the five benchmarks and writes RESULTS.md.
 *
 * BENCH_SCALE (default 1) shrinks or grows every size and duration: 0.05 is a quick smoke run.
 * BENCH_ONLY=1,3 runs some of them; BENCH_RESULTS names another output file.
 */
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli } from '../src/infra/temporal-cli.js';
import { benchDecisionRoundTrip } from './benchmarks/decision-round-trip.js';
import { benchListSearch } from './benchmarks/list-search.js';
import { benchLiveTimers } from './benchmarks/live-timers.js';
import { benchPublicRead } from './benchmarks/public-read.js';
import { benchReminderStorm } from './benchmarks/reminder-storm.js';
import { seedAgreements } from './seed/seed-agreements.js';
import { startHarness } from './support/harness.js';
import { machineFacts } from './support/machine.js';
import { writeResults, type Section } from './support/report.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number (got ${process.env.BENCH_SCALE})`);
const only = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5').split(',').map((part) => part.trim()));
const output = process.env.BENCH_RESULTS ?? fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const began = performance.now();
const say = (message: string) => console.log(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);

say(`starting Temporal, PostgreSQL database, SMTP and the product (BENCH_SCALE=${scale})`);
const h = await startHarness();
const stop = () => void h.close().finally(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const sections: Section[] = [];
try {
  const machine = await machineFacts(h.config.DATABASE_URL!, await ensureTemporalCli());
  const seededCount = Math.max(1000, Math.round(100_000 * scale));
  say(`seeding ${seededCount} agreements`);
  const seeded = await seedAgreements(h.config.DATABASE_URL!, seededCount);
  say(`seeded in ${(seeded.elapsedMs / 1000).toFixed(1)} s`);

  const benchmarks: [string, string, () => Promise<Section>][] = [
    ['1', 'public tracking read', () => benchPublicRead(h, scale, seeded.publicCodes)],
    ['2', 'decision round trip', () => benchDecisionRoundTrip(h, scale)],
    ['3', 'list and search', () => benchListSearch(h, scale, seededCount)],
    ['4', 'reminder storm', () => benchReminderStorm(h, scale)],
    ['5', 'live agreements on timers', () => benchLiveTimers(h, scale)],
  ];
  for (const [key, name, run] of benchmarks) {
    if (!only.has(key)) continue;
    say(`${key}. ${name}`);
    const section = await run();
    sections.push(section);
    say(`${key}. ${name}: goal ${section.met ? 'met' : 'MISSED'}`);
    console.log(section.table.map((row) => `   ${row.join(' | ')}`).join('\n'));
  }

  const prefix = ['BENCH_ONLY', 'BENCH_PROFILE'].filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]} `);
  const command = `${prefix.join('')}BENCH_SCALE=${scale} npm run bench`;
  writeResults(output, { machine, command, scale, elapsedMs: performance.now() - began, sections });
  say(`results written to ${output}`);
} finally {
  await h.close();
}
