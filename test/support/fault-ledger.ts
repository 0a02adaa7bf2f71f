/**
 * What a fault test counts before and after, and the checks that prove nothing was lost or
 * doubled: contiguous timelines, projections equal to the workflows' own state, an unbroken
 * audit chain, and every recorded email received exactly once (by its Message-ID).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { rowsOf, type Database } from '../../src/db/client.js';
import { projectRoot } from '../../src/infra/project-root.js';
import { workflowIdFor } from '../../src/api/workflow-gateway.js';
import { stateQuery } from '../../src/workflows/messages.js';
import type { FaultSmtp } from './fault-smtp.js';

export interface Counts {
  agreements: number;
  /** Timeline rows (agreement_events), and those among them that are decisions. */
  events: number;
  decisions: number;
  reminders: number;
  documents: number;
  /** Audit entries in all, and those that record a decision (`agreement.decide`). */
  audit: number;
  auditDecisions: number;
  /** Email rows recorded, sent, and failed for good. */
  emails: number;
  emailsSent: number;
  emailsFailed: number;
  /** Messages the SMTP server accepted, and how many distinct Message-IDs among them. */
  received: number;
  receivedDistinct: number;
}

export async function countAll(db: Database, smtp: FaultSmtp): Promise<Counts> {
  const one = async (query: ReturnType<typeof sql>) =>
    Number(rowsOf<{ n: string }>(await db.execute(query))[0]?.n ?? 0);
  const failedColumn = await hasColumn(db, 'emails', 'failed_at');

  return {
    agreements: await one(sql`select count(*) as n from agreements`),
    events: await one(sql`select count(*) as n from agreement_events`),
    decisions: await one(sql`select count(*) as n from agreement_events where type = 'decision'`),
    reminders: await one(
      sql`select count(*) as n from agreement_events where type in ('reminder', 'escalation')`,
    ),
    documents: await one(sql`select count(*) as n from document_versions`),
    audit: await one(sql`select count(*) as n from audit_log`),
    auditDecisions: await one(sql`select count(*) as n from audit_log where action = 'agreement.decide'`),
    emails: await one(sql`select count(*) as n from emails`),
    emailsSent: await one(sql`select count(*) as n from emails where sent_at is not null`),
    emailsFailed: failedColumn
      ? await one(sql`select count(*) as n from emails where failed_at is not null`)
      : 0,
    received: smtp.messages.length,
    receivedDistinct: smtp.receiptsByMessageId().size,
  };
}

/** Agreements whose timeline is not exactly seq 1..n. */
export async function timelineGaps(db: Database) {
  return rowsOf<{ agreement_id: string; rows: number; first: number; last: number }>(
    await db.execute(sql`
      select agreement_id, count(*)::int as rows, min(seq) as first, max(seq) as last
      from agreement_events group by agreement_id
      having min(seq) <> 1 or max(seq) <> count(*)`),
  );
}

/** Agreements whose Postgres projection differs from the workflow's own state (stage, seq). */
export async function projectionMismatches(db: Database, client: Client) {
  const rows = rowsOf<{ id: string; stage: string; last: number | null }>(
    await db.execute(sql`
      select a.id, a.stage, (select max(seq) from agreement_events e where e.agreement_id = a.id) as last
      from agreements a`),
  );
  type Mismatch = { id: string; projected: string; projectedSeq: number; workflow: string; workflowSeq: number };
  const mismatches: Mismatch[] = [];
  for (const row of rows) {
    const state = await client.workflow.getHandle(workflowIdFor(row.id)).query(stateQuery);
    if (state.stage !== row.stage || state.seq !== Number(row.last ?? 0)) {
      const projectedSeq = Number(row.last ?? 0);
      const workflow = { workflow: state.stage, workflowSeq: state.seq };
      mismatches.push({ id: row.id, projected: row.stage, projectedSeq, ...workflow });
    }
  }

  return mismatches;
}

/** The audit chain re-walked from its first entry. */
export async function auditChain(db: Database) {
  return verifyAuditChain(db);
}

/**
 * Emails against receipts: rows marked sent that never arrived, messages that arrived without
 * a row marked sent, and Message-IDs that arrived more than once (with their first arrival,
 * so a test can tell a duplicate of an email on the wire at the moment of a crash).
 */
export async function emailLedger(db: Database, smtp: FaultSmtp) {
  const rows = rowsOf<{ key: string; message_id: string; sent: boolean }>(
    await db.execute(sql`select key, message_id, sent_at is not null as sent from emails`),
  );
  const receipts = smtp.receiptsByMessageId();
  const sentIds = new Set(rows.filter((row) => row.sent).map((row) => row.message_id));
  const firstAt = new Map<string, number>();
  for (const receipt of smtp.receipts) {
    if (!firstAt.has(receipt.messageId)) firstAt.set(receipt.messageId, receipt.at);
  }

  return {
    sentNotReceived: rows.filter((row) => row.sent && !receipts.has(row.message_id)).map((row) => row.key),
    receivedNotMarked: [...receipts.keys()].filter((id) => !sentIds.has(id)),
    duplicates: [...receipts]
      .filter(([, count]) => count > 1)
      .map(([messageId, count]) => ({ messageId, count, firstAt: firstAt.get(messageId)! })),
  };
}

/** Duplicates whose first copy did not arrive within `marginMs` before a crash at `crashes`. */
export function duplicatesNotExplainedBy(
  duplicates: { messageId: string; count: number; firstAt: number }[],
  crashes: number[],
  marginMs = 3_000,
) {
  const onTheWire = (firstAt: number) => crashes.some((at) => firstAt <= at + 500 && firstAt >= at - marginMs);

  return duplicates.filter((duplicate) => duplicate.count > 2 || !onTheWire(duplicate.firstAt));
}

/** Waits until `check` returns a value with nothing in it (an empty list), or gives up. */
export async function eventually<T extends unknown[]>(
  check: () => Promise<T>,
  timeoutMs: number,
  pauseMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found.length === 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

async function hasColumn(db: Database, table: string, column: string): Promise<boolean> {
  const rows = rowsOf(await db.execute(sql`
    select 1 from information_schema.columns where table_name = ${table} and column_name = ${column}`));

  return rows.length > 0;
}

/** Writes what a fault test counted to test-artifacts/faults/<name>.json and prints it. */
export function reportFault(name: string, figures: Record<string, unknown>) {
  const folder = path.join(projectRoot(), 'test-artifacts', 'faults');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`fault ${name}: ${JSON.stringify(figures)}`);
}

/** How many times each HTTP status was seen. */
export function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;

  return counts;
}
