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

/**
 * Writes the file. A partial run (BENCH_ONLY) replaces only its own sections and keeps the others
 * from the previous run, each with the date it was measured.
 */
export function writeResults(file: string, run: { machine: MachineFacts; command: string; scale: number; elapsedMs: number; sections: Section[] }) {
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const kept = previous.split(MARKER)[1] ?? '';
  const earlier = previousSections(previous.split(MARKER)[0] ?? '');
  const { machine } = run;
  const lines = [
    '# Benchmark results',
    '',
    `Last written by \`${run.command}\` on ${machine.date} (BENCH_SCALE=${run.scale}, ${(run.elapsedMs / 60000).toFixed(1)} min).`,
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
  const fresh = new Map(run.sections.map((section) => [numberOf(section.title), section]));
  const numbers = [...new Set([...earlier.keys(), ...fresh.keys()])].sort();
  for (const number of numbers) {
    const section = fresh.get(number);
    if (!section) {
      lines.push(earlier.get(number)!.trimEnd(), '');
      continue;
    }
    lines.push(`## ${section.title}`, '', `Goal: ${section.goal} — **${section.met ? 'met' : 'missed'}**.`, '');
    lines.push(`Measured ${machine.date} (\`${run.command}\`).`, '');
    lines.push(...table(section.table), '');
    for (const note of section.notes) lines.push(`- ${note}`);
    if (section.notes.length) lines.push('');
  }
  lines.push(MARKER);
  fs.writeFileSync(file, `${lines.join('\n')}${kept || '\n'}`);
}

const numberOf = (title: string) => title.split('.')[0]!;

/** The generated sections of an earlier file, by their number ("1", "2", …). */
function previousSections(generated: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of generated.split('\n## ').slice(1)) sections.set(numberOf(part), `## ${part}`);

  return sections;
}

function table(rows: string[][]): string[] {
  const [head, ...body] = rows;
  if (!head) return [];

  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)];
}
