/**
 * The detail of one agreement as the portal and clients read it, all from Postgres: the row,
 * who must act now, the timeline, reports and obligations.
 */
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { perDatabase } from '../../db/prepared.js';
import { documentVersions, documents } from '../../db/schema-documents.js';
import { agreementEvents, agreements, emails, obligations, reports, tasks } from '../../db/schema.js';
import { groupDocumentVersions, type DocumentVersionRow } from '../../documents/grouping.js';

/** An agreement's row without the two large search columns, which only the list reads. */
export type AgreementRow = Omit<typeof agreements.$inferSelect, 'searchVector' | 'searchText'>;

/** The agreement's row, or null (a prepared statement: every change starts by reading it). */
export async function loadAgreement(db: Database, id: string): Promise<AgreementRow | null> {
  const [row] = await preparedRowFor(db).execute({ id });

  return row ?? null;
}

export function summaryOf(row: AgreementRow, now = new Date()) {
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    title: row.title,
    kind: row.kind,
    instrument: row.instrument,
    stage: row.stage,
    status: row.status,
    unitCode: row.unitCode,
    partners: row.partners,
    dueAt: row.dueAt?.toISOString() ?? null,
    overdue: row.overdue || Boolean(row.dueAt && row.dueAt < now),
    startDate: row.startDate,
    endDate: row.endDate,
  };
}

/**
 * The detail of the agreement `id` with its row (for the caller's permission check), or null.
 * One prepared statement: the row with its open task, timeline, reports, obligations, linked
 * agreements, failed emails and documents aggregated by Postgres, all from one snapshot. The
 * detail is read after every decision a person waits on: one round trip instead of eight, and
 * no query built per read (bench/RESULTS.md, benchmark 2).
 */
export async function readAgreementDetail(db: Database, id: string) {
  const [found] = await preparedFor(db).execute({ id });
  if (!found) return null;
  const { openTask, events, reportRows, obligationRows, linkedRows, failedEmails, documentRows, ...row } = found;
  const now = new Date();

  const detail = {
    ...summaryOf(row, now),
    purpose: row.purpose,
    scope: row.scope,
    plannedStart: row.plannedStart,
    durationMonths: row.durationMonths,
    valueIdr: row.valueIdr === null ? null : Number(row.valueIdr),
    fundingSource: row.fundingSource,
    dprdTrigger: row.dprdTrigger,
    initiatedBy: row.initiatedBy,
    parentId: row.parentId,
    confidential: row.confidential,
    signedAt: row.signedAt,
    ourNumber: row.ourNumber,
    partnerNumbers: row.partnerNumbers ?? [],
    createdAt: row.createdAt.toISOString(),
    path: row.path,
    pendingTask: openTask && {
      ...openTask,
      overdue: Boolean(openTask.dueAt && Date.parse(openTask.dueAt) < now.getTime()),
      calendarMissingForYears: openTask.calendarMissingForYears ?? [],
    },
    timeline: events,
    obligations: obligationRows.map((item) => ({
      ...item,
      overdue: !item.doneAt && Date.parse(item.dueAt) < now.getTime(),
    })),
    reports: reportRows,
    documents: groupDocumentVersions(documentRows),
    links: {
      parentId: row.parentId,
      renewalOf: row.renewalOf,
      children: linkedRows
        .filter((other) => other.parentId === row.id)
        .map(({ parentId: _parent, ...child }) => child),
      renewals: linkedRows
        .filter((other) => other.parentId !== row.id)
        .map(({ parentId: _parent, ...renewal }) => renewal),
    },
    notifications: { failed: failedEmails },
  };

  return { row, detail };
}

/** The detail of an agreement already loaded (the dossier's). */
export async function agreementDetail(db: Database, row: Pick<AgreementRow, 'id'>) {
  const found = await readAgreementDetail(db, row.id);
  if (!found) throw new Error(`agreement ${row.id} vanished while its detail was read`);

  return found.detail;
}

interface OpenTaskJson {
  stage: string;
  role: string;
  unitCode: string | null;
  startedAt: string;
  dueAt: string | null;
  remindersSent: number;
  escalatedTo: string | null;
  sla: { workingDays: number; basis: string | null } | null;
  calendarMissingForYears: number[] | null;
}

interface EventJson {
  seq: number;
  type: string;
  fromStage: string | null;
  stage: string;
  decision: string | null;
  actor: { username: string; name: string | null; role: string | null; actingFor: string | null } | null;
  at: string;
  note: string | null;
}

interface ObligationJson {
  key: string;
  type: string;
  label: string;
  dueAt: string;
  doneAt: string | null;
}

interface ReportJson {
  id: string;
  period: string;
  activities: string;
  progressPercent: number;
  problems: string | null;
  followUp: string | null;
  filedBy: string;
  filedAt: string;
  status: string;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

interface LinkedJson {
  id: string;
  instrument: string;
  title: string;
  stage: string;
  parentId: string | null;
}

interface FailedEmailJson {
  kind: string;
  stage: string | null;
  reminderNo: number | null;
  recipientUsername: string | null;
  recipient: string;
  error: string | null;
  failedAt: string;
}

/** A timestamp as `Date.toISOString()` writes it (UTC, milliseconds), whatever the session's zone. */
function iso(column: AnyPgColumn): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** `json_agg` of `object` over `from … where …`, in `order`; `[]` when there is no row. */
function jsonRows<T>(object: SQL, from: SQL, order: SQL): SQL<T[]> {
  return sql<T[]>`(select coalesce(json_agg(${object} order by ${order}), '[]') from ${from})`;
}

/** The agreement's columns a reader may need: all but the two large search columns. */
const { searchVector: _vector, searchText: _text, ...rowColumns } = getTableColumns(agreements);
const linked = alias(agreements, 'linked');

const preparedRowFor = perDatabase((db) =>
  db.select(rowColumns).from(agreements).where(eq(agreements.id, sql.placeholder('id'))).prepare('agreement_row'),
);

const preparedFor = perDatabase((db) => {
  const id = agreements.id;

  return db
    .select({
      ...rowColumns,
      openTask: sql<OpenTaskJson | null>`(select json_build_object(
          'stage', ${tasks.stage}, 'role', ${tasks.role}, 'unitCode', ${tasks.unitCode},
          'startedAt', ${iso(tasks.startedAt)}, 'dueAt', ${iso(tasks.dueAt)},
          'remindersSent', ${tasks.remindersSent}, 'escalatedTo', ${tasks.escalatedTo},
          'sla', case when ${tasks.slaWorkingDays} > 0
            then json_build_object('workingDays', ${tasks.slaWorkingDays}, 'basis', ${tasks.slaBasis}) end,
          'calendarMissingForYears', ${tasks.uncoveredYears})
        from ${tasks} where ${tasks.agreementId} = ${id} and ${tasks.closedAt} is null
        order by ${tasks.startedAt} limit 1)`,
      events: jsonRows<EventJson>(
        sql`json_build_object('seq', ${agreementEvents.seq}, 'type', ${agreementEvents.type},
          'fromStage', ${agreementEvents.fromStage}, 'stage', ${agreementEvents.stage},
          'decision', ${agreementEvents.decision},
          'actor', case when ${agreementEvents.actorUsername} is not null then json_build_object(
            'username', ${agreementEvents.actorUsername}, 'name', ${agreementEvents.actorName},
            'role', ${agreementEvents.actorRole}, 'actingFor', ${agreementEvents.actingFor}) end,
          'at', ${iso(agreementEvents.at)}, 'note', ${agreementEvents.note})`,
        sql`${agreementEvents} where ${agreementEvents.agreementId} = ${id}`,
        sql`${agreementEvents.seq}`,
      ),
      reportRows: jsonRows<ReportJson>(
        sql`json_build_object('id', ${reports.id}, 'period', ${reports.period},
          'activities', ${reports.activities}, 'progressPercent', ${reports.progressPercent},
          'problems', ${reports.problems}, 'followUp', ${reports.followUp}, 'filedBy', ${reports.filedBy},
          'filedAt', ${iso(reports.filedAt)}, 'status', ${reports.status}, 'reviewNote', ${reports.reviewNote},
          'reviewedBy', ${reports.reviewedBy}, 'reviewedAt', ${iso(reports.reviewedAt)})`,
        sql`${reports} where ${reports.agreementId} = ${id}`,
        sql`${reports.filedAt}`,
      ),
      obligationRows: jsonRows<ObligationJson>(
        sql`json_build_object('key', ${obligations.key}, 'type', ${obligations.type}, 'label', ${obligations.label},
          'dueAt', ${iso(obligations.dueAt)}, 'doneAt', ${iso(obligations.doneAt)})`,
        sql`${obligations} where ${obligations.agreementId} = ${id}`,
        sql`${obligations.dueAt}`,
      ),
      // Linked below it: PKS and addenda (parent_id) and renewals (renewal_of).
      linkedRows: jsonRows<LinkedJson>(
        sql`json_build_object('id', ${linked.id}, 'instrument', ${linked.instrument}, 'title', ${linked.title},
          'stage', ${linked.stage}, 'parentId', ${linked.parentId})`,
        sql`${agreements} as ${linked} where ${linked.parentId} = ${id} or ${linked.renewalOf} = ${id}`,
        sql`${linked.createdAt}, ${linked.id}`,
      ),
      // Emails the mail server refused for good: the verifier must reach these people otherwise.
      failedEmails: jsonRows<FailedEmailJson>(
        sql`json_build_object('kind', ${emails.kind}, 'stage', ${emails.stage}, 'reminderNo', ${emails.reminderNo},
          'recipientUsername', ${emails.recipientUsername}, 'recipient', ${emails.recipient},
          'error', ${emails.lastError}, 'failedAt', ${iso(emails.failedAt)})`,
        sql`${emails} where ${emails.agreementId} = ${id} and ${emails.failedAt} is not null`,
        sql`${emails.failedAt}`,
      ),
      documentRows: jsonRows<DocumentVersionRow>(
        sql`json_build_object('documentId', ${documents.id}, 'type', ${documents.type},
          'version', ${documentVersions.version}, 'sha256', ${documentVersions.sha256},
          'size', ${documentVersions.size}, 'mime', ${documentVersions.mime},
          'filename', ${documentVersions.filename}, 'uploadedBy', ${documentVersions.uploadedBy},
          'uploadedAt', ${iso(documentVersions.uploadedAt)})`,
        sql`${documentVersions} join ${documents} on ${documents.id} = ${documentVersions.documentId}
          where ${documents.agreementId} = ${id}`,
        sql`${documents.id}, ${documentVersions.version}`,
      ),
    })
    .from(agreements)
    .where(eq(agreements.id, sql.placeholder('id')))
    .prepare('agreement_detail');
});
