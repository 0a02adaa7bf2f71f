/**
 * Walks the audit chain from the first entry and names the first one that does not hold:
 * a missing sequence number (a deleted entry), a `prevHash` that is not the previous entry's
 * hash (an entry removed or re-linked), or a hash that does not match the entry's content
 * (an entry changed). Used by `GET /api/audit/verify` and `npm run audit:verify`.
 */
import { asc, gt } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { entryHash, GENESIS_HASH } from './canonical.js';

export type BreakReason = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainReport {
  valid: boolean;
  /** Entries read (up to and including the first broken one). */
  entries: number;
  /** Hash of the last entry read: keep it elsewhere to detect a rewritten tail later. */
  headHash: string;
  firstBroken?: { seq: number; eventId: string; reason: BreakReason; message: string };
}

const BATCH = 1000;

export async function verifyAuditChain(db: Database): Promise<ChainReport> {
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;

  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(BATCH);
    for (const row of rows) {
      entries += 1;
      const reason = brokenBecause(row, expectedSeq, previousHash);
      if (reason) {
        const firstBroken = { seq: row.seq, eventId: row.eventId, reason, message: MESSAGES[reason](row.seq) };
        return { valid: false, entries, headHash: previousHash, firstBroken };
      }
      previousHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < BATCH) return { valid: true, entries, headHash: previousHash };
  }
}

function brokenBecause(
  row: typeof auditLog.$inferSelect,
  expectedSeq: number,
  previousHash: string,
): BreakReason | null {
  if (row.seq !== expectedSeq) return 'seq_gap';
  if (row.prevHash !== previousHash) return 'prev_hash_mismatch';
  if (entryHash(row) !== row.hash) return 'hash_mismatch';

  return null;
}

const MESSAGES: Record<BreakReason, (seq: number) => string> = {
  seq_gap: (seq) => `Entri sebelum nomor ${seq} hilang (urutan terputus).`,
  prev_hash_mismatch: (seq) => `Entri ${seq} tidak merujuk hash entri sebelumnya.`,
  hash_mismatch: (seq) => `Isi entri ${seq} tidak cocok dengan hash-nya (diubah).`,
};
