/**
 * Importing the register of existing agreements (impor register). Every row is checked first,
 * database lookups included; then all new agreements are inserted in one transaction; then
 * each workflow is started directly in its term. A row already registered with the same
 * content is skipped, and a skipped row whose workflow never started (a crash between the
 * commit and the start) is started now, so importing the same file again completes the job.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Actor } from '../domain/permissions.js';
import { checkRegister } from '../domain/register.js';
import type { RegisterInputRow } from '../domain/register.js';
import type { Stage } from '../domain/stages.js';
import { agreements, registerEntries, units } from '../db/schema.js';
import type { ApiContext } from './context.js';
import { AppError } from './errors.js';
import { insertRegisterRows, type Registered } from './register-insert.js';
import { startImportedWorkflows, type StartFailure } from './register-workflows.js';

export interface ImportItem {
  line: number;
  id: string;
  trackingCode: string;
  ourNumber: string;
  stage: Stage | null;
  status: 'created' | 'skipped';
}

export interface ImportResult {
  created: number;
  skipped: number;
  items: ImportItem[];
  /** Rows saved whose workflow could not be started; importing again starts them. */
  notStarted: StartFailure[];
}

export async function importRegister(context: ApiContext, actor: Actor, rows: RegisterInputRow[]) {
  const known = await lookUp(context, rows);
  const { plan, problems } = checkRegister(rows, known);
  if (problems.length > 0) {
    const lines = new Set(problems.map((problem) => problem.line)).size;
    const message = `${lines} baris register tidak valid; tidak ada yang diimpor.`;
    throw new AppError('invalid_register', message, problems);
  }

  // Ids first, so a PKS can point at a KSB created in the same file.
  const idByNumber = new Map([...known.existing].map(([number, row]) => [number, row.id]));
  const fresh = plan.filter((item) => item.action === 'create').map((item) => item.row);
  for (const row of fresh) idByNumber.set(row.ourNumber, randomUUID());
  const inserted = await insertRegisterRows(context, actor, fresh, idByNumber);

  const byNumber = new Map([...known.existing, ...inserted]);
  // One start per agreement: a row repeated with the same content names the same one.
  const toStart = [...new Map(plan.map(({ row }) => [row.ourNumber, row])).values()]
    .map((row) => ({ row, record: byNumber.get(row.ourNumber)! }))
    .filter(({ record }) => !record.workflowStarted);
  const { stages, failures } = await startImportedWorkflows(context, actor, toStart, idByNumber);

  const items: ImportItem[] = plan.map(({ action, row }) => {
    const record = byNumber.get(row.ourNumber)!;

    return {
      line: row.line,
      id: record.id,
      trackingCode: record.trackingCode,
      ourNumber: row.ourNumber,
      stage: stages.get(record.id) ?? record.stage,
      status: action === 'create' ? 'created' : 'skipped',
    };
  });
  const created = items.filter((item) => item.status === 'created').length;

  const result: ImportResult = { created, skipped: items.length - created, items, notStarted: failures };

  return result;
}


/** Units and numbers the rows name, as the pure checks need them. */
async function lookUp({ db }: ApiContext, rows: RegisterInputRow[]) {
  const unitCodes = [...new Set(rows.map((row) => row.cells.unitCode.trim()).filter(Boolean))];
  const named = rows.flatMap(({ cells }) => [cells.ourNumber.trim(), cells.parentOurNumber.trim()]);
  const numbers = [...new Set(named)].filter(Boolean);

  const foundUnits = unitCodes.length
    ? await db.select({ code: units.code }).from(units).where(inArray(units.code, unitCodes))
    : [];
  const found = numbers.length
    ? await db
        .select({
          ourNumber: agreements.ourNumber,
          id: agreements.id,
          trackingCode: agreements.trackingCode,
          stage: agreements.stage,
          projectionSeq: agreements.projectionSeq,
          content: registerEntries.content,
          workflowStartedAt: registerEntries.workflowStartedAt,
        })
        .from(agreements)
        .leftJoin(registerEntries, eq(registerEntries.agreementId, agreements.id))
        .where(inArray(agreements.ourNumber, numbers))
    : [];

  const existing = new Map<string, Registered>();
  const registered = new Map<string, { content: string | null }>();
  for (const row of found) {
    if (!row.ourNumber) continue;
    registered.set(row.ourNumber, { content: row.content });
    // Imported rows say when their workflow started; agreements signed here always have one.
    const workflowStarted = row.content === null || row.workflowStartedAt !== null;
    existing.set(row.ourNumber, { ...row, stage: row.stage as Stage, workflowStarted });
  }

  return { unitCodes: new Set(foundUnits.map((unit) => unit.code)), registered, existing };
}
