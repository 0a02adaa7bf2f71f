/**
 * RESULTS.md: the machine, the command, and one table per benchmark. Everything from the
 * marker line down is kept across runs (profiles, fixes with before and after, written by hand).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { MachineFacts } from './machine.js';

export interface Section {
  title: string;
  goal: string;
  /** Whether the goal was met on this run. */
  met: boolean;
  /** First row is the header. */
  table: string[][];
  notes: string[];
}

export const MARKER = '<!-- Everything below this line is kept when the benchmarks rewrite this file. -->';

export function loadNow(): string {
  return os.loadavg().map((value) => value.toFixed(1)).join(' / ');
}

export function writeResults(file: string, run: { machine: MachineFacts; command: string; scale: number; elapsedMs: number; sections: Section[] }) {
  const kept = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(MARKER)[1] ?? '' : '';
  const { machine } = run;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`${run.command}\` on ${machine.date} (BENCH_SCALE=${run.scale}, whole run ${(run.elapsedMs / 60000).toFixed(1)} min).`,
    'Each benchmark measures the product and its baseline in the same run, on loopback; the ratio',
    'says how much of the bare stack the product keeps, and varies far less between machines than',
    'the absolute figures.',
    '',
    '| machine | |',
    '|---|---|',
    `| CPUs (nproc) | ${machine.cpus} × ${machine.cpuModel} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| Node.js | ${machine.node} |`,
    `| PostgreSQL | ${machine.postgres} (the machine's server, a fresh database) |`,
    `| Temporal | ${machine.temporalCli.split('\n')[0]} (dev server, in memory) |`,
    `| OS | ${machine.os} |`,
    `| load average at start (1/5/15 min) | ${machine.loadAtStart} |`,
    '',
  ];
  for (const section of run.sections) {
    lines.push(`## ${section.title}`, '', `Goal: ${section.goal} — **${section.met ? 'met' : 'missed'}**.`, '');
    lines.push(...table(section.table), '');
    for (const note of section.notes) lines.push(`- ${note}`);
    if (section.notes.length) lines.push('');
  }
  lines.push(MARKER);
  fs.writeFileSync(file, `${lines.join('\n')}${kept || '\n'}`);
}

function table(rows: string[][]): string[] {
  const [head, ...body] = rows;
  if (!head) return [];

  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)];
}
