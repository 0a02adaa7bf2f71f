/**
 * The one transaction of a register import: every new agreement row with its register entry,
 * all or none. Rows go in as `implementation` with their signing and term facts; the workflow
 * started afterwards moves each to the stage its dates give.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/permissions.js';
import { termMonths, type RegisterRow } from '../domain/register.js';
import type { Stage } from '../domain/stages.js';
import { formatTrackingCode } from '../domain/tracking-code.js';
import { agreements, registerEntries } from '../db/schema.js';
import type { ApiContext } from './context.js';
import { AppError } from './errors.js';
import { importedPath } from './register-workflows.js';

const IMPORTED_TEXT = 'Diimpor dari register kerja sama';

export interface Registered {
  id: string;
  trackingCode: string;
  stage: Stage | null;
  workflowStarted: boolean;
}

/** One transaction for every new row: all of them are saved, or none. */
export async function insertRegisterRows(
  { db }: ApiContext,
  actor: Actor,
  rows: RegisterRow[],
  idByNumber: Map<string, string>,
): Promise<Map<string, Registered>> {
  const inserted = new Map<string, Registered>();
  if (rows.length === 0) return inserted;

  try {
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const id = idByNumber.get(row.ourNumber)!;
        const parentId = row.parentOurNumber ? idByNumber.get(row.parentOurNumber)! : null;
        for (let attempt = 0; ; attempt += 1) {
          const trackingCode = formatTrackingCode(new Date().getFullYear(), randomBytes(4));
          const [saved] = await tx
            .insert(agreements)
            .values({
              id,
              trackingCode,
              kind: row.kind,
              instrument: row.instrument,
              initiatedBy: 'region',
              dprdTrigger: { burdensPublic: false, unbudgeted: false },
              parentId,
              title: row.title,
              partners: row.partners,
              unitCode: row.unitCode,
              purpose: IMPORTED_TEXT,
              scope: row.notes ?? IMPORTED_TEXT,
              plannedStart: row.startDate,
              durationMonths: termMonths(row.startDate, row.endDate),
              valueIdr: row.valueIdr,
              createdBy: actor.username,
              path: importedPath(row, parentId),
              stage: 'implementation',
              status: 'active',
              signedAt: row.signedAt,
              ourNumber: row.ourNumber,
              partnerNumbers: row.partnerNumbers,
              startDate: row.startDate,
              endDate: row.endDate,
            })
            .onConflictDoNothing({ target: agreements.trackingCode })
            .returning({ trackingCode: agreements.trackingCode });
          if (saved) {
            inserted.set(row.ourNumber, { id, trackingCode, stage: null, workflowStarted: false });
            break;
          }
          if (attempt >= 5) throw new Error('could not allocate a unique tracking code');
        }
        await tx.insert(registerEntries).values({
          ourNumber: row.ourNumber,
          agreementId: id,
          content: row.content,
          line: row.line,
          importedBy: actor.username,
        });
      }
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another import of the same numbers committed between our checks and our insert.
    throw new AppError('conflict', 'Register yang sama sedang diimpor bersamaan; coba lagi.');
  }

  return inserted;
}

function isUniqueViolation(error: unknown): boolean {
  // drizzle wraps the driver's error; the SQLSTATE sits on it or on its cause.
  const { code, cause } = (error ?? {}) as { code?: string; cause?: { code?: string } };

  return (code ?? cause?.code) === '23505';
}
