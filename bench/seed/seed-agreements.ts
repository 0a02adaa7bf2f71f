/**
 * Seeds the projection tables (agreements, their timeline events and open tasks) with many
 * generated agreements through COPY, as a register of years would look. These rows have no
 * workflow behind them: they exist for reads (lists, search, public tracking), not decisions.
 *
 * Alone: `tsx bench/seed/seed-agreements.ts <DATABASE_URL> [count]` (the database migrated).
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import postgres from 'postgres';
import { formatTrackingCode } from '../../src/domain/tracking-code.js';
import { generateAgreement, randomSource, type SeedAgreement } from './generate.js';

const AGREEMENT_COLUMNS = [
  'id', 'tracking_code', 'kind', 'instrument', 'title', 'partners', 'unit_code', 'purpose', 'scope',
  'duration_months', 'dprd_trigger', 'initiated_by', 'created_by', 'path', 'stage', 'status', 'due_at',
  'overdue', 'projection_seq', 'signed_at', 'our_number', 'start_date', 'end_date', 'created_at', 'updated_at',
];
const EVENT_COLUMNS = ['agreement_id', 'seq', 'type', 'from_stage', 'stage', 'decision', 'actor_username', 'at'];
const TASK_COLUMNS = ['agreement_id', 'task_key', 'stage', 'role', 'unit_code', 'started_at', 'due_at', 'reminders_sent'];

export interface SeedResult {
  count: number;
  elapsedMs: number;
  /** A few tracking codes of agreements with a public timeline, for the tracking read. */
  publicCodes: string[];
}

export async function seedAgreements(databaseUrl: string, count: number, seed = 20261204): Promise<SeedResult> {
  const started = performance.now();
  const random = randomSource(seed);
  const now = Date.now();
  const rows: SeedAgreement[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = generateAgreement(index, random, now, '', randomUUID());
    rows.push({ ...created, trackingCode: uniqueCode(created.createdAt.getUTCFullYear(), index) });
  }

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`set maintenance_work_mem = '256MB'`;
    // Building the secondary indexes once at the end is far faster than growing them row by
    // row; they are re-created from their own definitions, whatever the migrations made them.
    const secondary = await sql<{ name: string; definition: string }[]>`
      select indexname as name, indexdef as definition from pg_indexes
      where schemaname = current_schema() and tablename = 'agreements'
        and indexname not in (select conname from pg_constraint)`;
    for (const index of secondary) await sql.unsafe(`drop index ${index.name}`);
    await copy(sql, 'agreements', AGREEMENT_COLUMNS, rows.map(agreementLine));
    for (const index of secondary) await sql.unsafe(index.definition);
    await copy(sql, 'agreement_events', EVENT_COLUMNS, rows.flatMap((row) => row.events.map((event) => eventLine(row, event))));
    await copy(sql, 'tasks', TASK_COLUMNS, rows.filter((row) => row.task).map(taskLine));
    await sql`vacuum analyze agreements`;
    await sql`vacuum analyze agreement_events`;
    await sql`vacuum analyze tasks`;
  } finally {
    await sql.end();
  }
  const publicCodes = rows.filter((row) => row.events.length >= 3).slice(0, 1000).map((row) => row.trackingCode);

  return { count, elapsedMs: performance.now() - started, publicCodes };
}

/** Codes unique by construction: multiplying by an odd number permutes the 30-bit numbers. */
function uniqueCode(year: number, index: number): string {
  const scrambled = Math.imul(index + 1, 0x2c9277b5) & 0x3fffffff;
  // formatTrackingCode reads the top 30 of 32 bits.
  const bits = (scrambled << 2) >>> 0;
  const bytes = new Uint8Array([bits >>> 24, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255]);

  return formatTrackingCode(year, bytes);
}

async function copy(sql: postgres.Sql, table: string, columns: string[], lines: string[]) {
  const writable = await sql.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  async function* batches() {
    for (let start = 0; start < lines.length; start += 2000) yield lines.slice(start, start + 2000).join('');
  }
  await pipeline(Readable.from(batches()), writable);
}

function agreementLine(row: SeedAgreement): string {
  return line([
    row.id, row.trackingCode, row.kind, row.instrument, row.title, JSON.stringify(row.partners), row.unitCode,
    row.purpose, row.scope, row.durationMonths, JSON.stringify({ burdensPublic: false, unbudgeted: false }),
    'region', row.createdBy, `{${row.path.join(',')}}`, row.stage, row.status, row.dueAt, row.overdue,
    row.events.length, row.signedAt, row.ourNumber, row.startDate, row.endDate, row.createdAt, row.updatedAt,
  ]);
}

function eventLine(row: SeedAgreement, event: SeedAgreement['events'][number]): string {
  const actor = event.type === 'system' ? null : row.createdBy;
  return line([row.id, event.seq, event.type, event.fromStage, event.stage, event.decision, actor, event.at]);
}

function taskLine(row: SeedAgreement): string {
  const task = row.task!;
  return line([row.id, task.key, task.stage, task.role, task.unitCode, task.startedAt, task.dueAt, task.remindersSent]);
}

/** One row in COPY's text format: tab-separated, \N for null, backslash escapes. */
function line(values: unknown[]): string {
  const fields = values.map((value) => {
    if (value === null || value === undefined) return '\\N';
    const text = value instanceof Date ? value.toISOString() : String(value);
    return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  });

  return `${fields.join('\t')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, count] = process.argv.slice(2);
  if (!url) throw new Error('usage: tsx bench/seed/seed-agreements.ts <DATABASE_URL> [count]');
  const result = await seedAgreements(url, Number(count ?? 100_000));
  console.log(`seeded ${result.count} agreements in ${(result.elapsedMs / 1000).toFixed(1)} s`);
}
