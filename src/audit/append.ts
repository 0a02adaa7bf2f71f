/**
 * Appends to the audit chain. One writer at a time: a transaction-scoped advisory lock makes
 * concurrent appends (from any API replica or worker) queue, so each entry links to the one
 * really before it. An event id already present returns that entry and adds nothing.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { entryHash, GENESIS_HASH, plainData, type ChainEntry } from './canonical.js';

/** Advisory lock id of the chain head (the migration lock is 7301952). */
const AUDIT_LOCK_ID = 7301953;

export interface AuditEvent {
  eventId: string;
  action: string;
  actorUsername?: string | null;
  actorUnit?: string | null;
  actorRole?: string | null;
  actingFor?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  clientAddress?: string | null;
  data?: unknown;
  /** Defaults to now; kept to milliseconds, as stored. */
  at?: Date;
}

export interface AppendedEntry {
  seq: number;
  hash: string;
  /** False when the event id was already in the chain. */
  appended: boolean;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Appends in a transaction of its own, or inside the caller's (`db` a transaction): then the
 * entry commits or rolls back with the change it records, and the chain lock is held until then.
 * Inside the caller's transaction no savepoint is taken: a failed append aborts the change too,
 * which is the point, and the two round trips it would cost are spared on every decision.
 */
export async function appendAudit(db: Database | Transaction, event: AuditEvent): Promise<AppendedEntry> {
  if (db instanceof PgTransaction) return appendLocked(db as Transaction, event);

  return db.transaction((tx) => appendLocked(tx, event));
}

async function appendLocked(tx: Transaction, event: AuditEvent): Promise<AppendedEntry> {
  // The lock first, on its own: each later statement reads a snapshot taken after it is held.
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
  const [[existing], [last]] = await Promise.all([
    tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(eq(auditLog.eventId, event.eventId)),
    tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1),
  ]);
  if (existing) return { ...existing, appended: false };

  const entry: ChainEntry = {
    seq: (last?.seq ?? 0) + 1,
    eventId: event.eventId,
    at: new Date(Math.floor((event.at ?? new Date()).getTime())),
    actorUsername: event.actorUsername ?? null,
    actorUnit: event.actorUnit ?? null,
    actorRole: event.actorRole ?? null,
    actingFor: event.actingFor ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    requestId: event.requestId ?? null,
    clientAddress: event.clientAddress ?? null,
    data: plainData(event.data),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(entry);
  await tx.insert(auditLog).values({ ...entry, hash });

  return { seq: entry.seq, hash, appended: true };
}
