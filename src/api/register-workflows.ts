/**
 * Starting the workflows of imported agreements, each directly in its term (implementation,
 * evaluation or ended by its real dates). PKS before their KSB: a KSB that ends at once tells
 * its running PKS, which must therefore already exist. A failed start is reported, not thrown:
 * the rows are saved, and importing the same file again starts what is missing.
 */
import { eq } from 'drizzle-orm';
import { planPath } from '../domain/paths.js';
import type { Actor } from '../domain/permissions.js';
import { termMonths, type RegisterRow } from '../domain/register.js';
import type { Stage } from '../domain/stages.js';
import { registerEntries } from '../db/schema.js';
import type { ApiContext } from './context.js';
import { AppError } from './errors.js';

export interface StartFailure {
  line: number;
  ourNumber: string;
  id: string;
  reason: string;
}

interface ToStart {
  row: RegisterRow;
  record: { id: string; trackingCode: string };
}

/** Parallel starts per level of the KSB → PKS tree; enough to keep Temporal busy, no more. */
const CONCURRENT_STARTS = 8;

/** The stages an imported agreement can still pass: its life here begins at signing. */
export function importedPath(row: RegisterRow, parentId: string | null): Stage[] {
  const path = planPath({
    kind: row.kind,
    instrument: row.instrument,
    initiatedBy: 'region',
    dprdTrigger: { burdensPublic: false, unbudgeted: false },
    parentId,
  });

  return path.slice(path.indexOf('implementation'));
}

export async function startImportedWorkflows(
  { db, gateway }: ApiContext,
  actor: Actor,
  entries: ToStart[],
  idByNumber: ReadonlyMap<string, string>,
) {
  const stages = new Map<string, Stage>();
  const failures: StartFailure[] = [];

  const start = async ({ row, record }: ToStart) => {
    const parentId = row.parentOurNumber ? (idByNumber.get(row.parentOurNumber) ?? null) : null;
    try {
      const started = await gateway.start(
        {
          agreement: {
            agreementId: record.id,
            trackingCode: record.trackingCode,
            kind: row.kind,
            instrument: row.instrument,
            unitCode: row.unitCode,
            title: row.title,
            durationMonths: termMonths(row.startDate, row.endDate),
            plannedStart: row.startDate,
            parentId,
            path: importedPath(row, parentId),
            createdBy: actor,
          },
          imported: {
            signing: {
              signedAt: row.signedAt,
              ourNumber: row.ourNumber,
              partnerNumbers: row.partnerNumbers,
            },
            startDate: row.startDate,
            endDate: row.endDate,
          },
        },
        { reuseExisting: true },
      );
      stages.set(record.id, started.stage);
    } catch (error) {
      if (!hasFinished(error)) {
        const reason = (error as Error).message;
        failures.push({ line: row.line, ourNumber: row.ourNumber, id: record.id, reason });
        return;
      }
    }
    await db
      .update(registerEntries)
      .set({ workflowStartedAt: new Date() })
      .where(eq(registerEntries.agreementId, record.id));
  };

  for (const level of childrenFirst(entries)) await eachLimited(level, CONCURRENT_STARTS, start);

  return { stages, failures };
}

/** A workflow that already ran to its end (ended at once) was started before: nothing to do. */
function hasFinished(error: unknown): boolean {
  return (
    (error as Error)?.name === 'WorkflowExecutionAlreadyStartedError' ||
    (error instanceof AppError && error.code === 'stage_moved')
  );
}

/** Groups the entries by depth under their parents in this batch, deepest first. */
function childrenFirst(entries: ToStart[]): ToStart[][] {
  const byNumber = new Map(entries.map((entry) => [entry.row.ourNumber, entry]));
  const depthOf = (entry: ToStart) => {
    let depth = 0;
    let parent = entry.row.parentOurNumber;
    // Bounded walk: parent links in a file could form a loop.
    while (parent && byNumber.has(parent) && depth < entries.length) {
      depth += 1;
      parent = byNumber.get(parent)!.row.parentOurNumber;
    }
    return depth;
  };
  const levels = new Map<number, ToStart[]>();
  for (const entry of entries) {
    const depth = depthOf(entry);
    levels.set(depth, [...(levels.get(depth) ?? []), entry]);
  }

  return [...levels.entries()].sort(([a], [b]) => b - a).map(([, level]) => level);
}

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
