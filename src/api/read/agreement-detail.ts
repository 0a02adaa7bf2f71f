/**
 * The detail of one agreement as the portal and clients read it, all from Postgres: the row,
 * who must act now, the timeline, reports and obligations.
 */
import { and, asc, eq, isNotNull, isNull, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { listDocuments } from '../../documents/repository.js';
import { agreementEvents, agreements, emails, obligations, reports, tasks } from '../../db/schema.js';

export type AgreementRow = typeof agreements.$inferSelect;

export async function loadAgreement(db: Database, id: string): Promise<AgreementRow | null> {
  const [row] = await db.select().from(agreements).where(eq(agreements.id, id));

  return row ?? null;
}

export function summaryOf(row: Omit<AgreementRow, 'searchVector' | 'searchText'>, now = new Date()) {
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

const linkColumns = {
  id: agreements.id,
  instrument: agreements.instrument,
  title: agreements.title,
  stage: agreements.stage,
};

export async function agreementDetail(db: Database, row: AgreementRow) {
  const now = new Date();
  // One round of queries side by side: the detail is read after every decision a person waits on.
  const [[openTask], events, reportRows, obligationRows, linked, failedEmails, documentList] = await Promise.all([
    db
      .select()
      .from(tasks)
      .where(and(eq(tasks.agreementId, row.id), isNull(tasks.closedAt)))
      .orderBy(asc(tasks.startedAt))
      .limit(1),
    db.select().from(agreementEvents).where(eq(agreementEvents.agreementId, row.id)).orderBy(asc(agreementEvents.seq)),
    db.select().from(reports).where(eq(reports.agreementId, row.id)).orderBy(asc(reports.filedAt)),
    db.select().from(obligations).where(eq(obligations.agreementId, row.id)).orderBy(asc(obligations.dueAt)),
    // Linked below it: PKS and addenda (parent_id) and renewals (renewal_of).
    db
      .select({ ...linkColumns, parentId: agreements.parentId })
      .from(agreements)
      .where(or(eq(agreements.parentId, row.id), eq(agreements.renewalOf, row.id))),
    // Emails the mail server refused for good: the verifier must reach these people otherwise.
    db
      .select()
      .from(emails)
      .where(and(eq(emails.agreementId, row.id), isNotNull(emails.failedAt)))
      .orderBy(asc(emails.failedAt)),
    listDocuments(db, row.id),
  ]);

  return {
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
    pendingTask: openTask
      ? {
          stage: openTask.stage,
          role: openTask.role,
          unitCode: openTask.unitCode,
          startedAt: openTask.startedAt.toISOString(),
          dueAt: openTask.dueAt?.toISOString() ?? null,
          overdue: Boolean(openTask.dueAt && openTask.dueAt < now),
          remindersSent: openTask.remindersSent,
          escalatedTo: openTask.escalatedTo,
          sla: openTask.slaWorkingDays ? { workingDays: openTask.slaWorkingDays, basis: openTask.slaBasis } : null,
          calendarMissingForYears: openTask.uncoveredYears ?? [],
        }
      : null,
    timeline: events.map((event) => ({
      seq: event.seq,
      type: event.type,
      fromStage: event.fromStage,
      stage: event.stage,
      decision: event.decision,
      actor: event.actorUsername
        ? { username: event.actorUsername, name: event.actorName, role: event.actorRole, actingFor: event.actingFor }
        : null,
      at: event.at.toISOString(),
      note: event.note,
    })),
    obligations: obligationRows.map((item) => ({
      key: item.key,
      type: item.type,
      label: item.label,
      dueAt: item.dueAt.toISOString(),
      doneAt: item.doneAt?.toISOString() ?? null,
      overdue: !item.doneAt && item.dueAt < now,
    })),
    reports: reportRows.map((report) => ({
      id: report.id,
      period: report.period,
      activities: report.activities,
      progressPercent: report.progressPercent,
      problems: report.problems,
      followUp: report.followUp,
      filedBy: report.filedBy,
      filedAt: report.filedAt.toISOString(),
      status: report.status,
      reviewNote: report.reviewNote,
      reviewedBy: report.reviewedBy,
      reviewedAt: report.reviewedAt?.toISOString() ?? null,
    })),
    documents: documentList,
    links: {
      parentId: row.parentId,
      renewalOf: row.renewalOf,
      children: linked.filter((other) => other.parentId === row.id).map(({ parentId: _parent, ...child }) => child),
      renewals: linked.filter((other) => other.parentId !== row.id).map(({ parentId: _parent, ...renewal }) => renewal),
    },
    notifications: {
      failed: failedEmails.map((email) => ({
        kind: email.kind,
        stage: email.stage,
        reminderNo: email.reminderNo,
        recipientUsername: email.recipientUsername,
        recipient: email.recipient,
        error: email.lastError,
        failedAt: email.failedAt!.toISOString(),
      })),
    },
  };
}
