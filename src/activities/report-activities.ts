/**
 * Monitoring reports (laporan monitoring): filing and the verifier's review, on the timeline.
 * Sent over HTTP, each commits together with its audit entry (`agreement.report`,
 * `agreement.report_review`).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { appendAudit } from '../audit/append.js';
import { agreementEvents, obligations, reports } from '../db/schema.js';
import { allRoles, requestAuditEvent } from './audit-entry.js';
import type { ActivityDeps } from './deps.js';
import type { ReportRecordInput, ReportReviewRecordInput } from './types.js';

export async function recordReport({ db }: ActivityDeps, input: ReportRecordInput): Promise<void> {
  const at = new Date(input.at);
  await db.transaction(async (tx) => {
    await tx
      .insert(reports)
      .values({
        id: input.reportId,
        agreementId: input.agreementId,
        period: input.period,
        activities: input.activities,
        progressPercent: input.progressPercent,
        problems: input.problems ?? null,
        followUp: input.followUp ?? null,
        filedBy: input.actor.username,
        filedAt: at,
        status: 'submitted',
      })
      .onConflictDoNothing();
    await tx
      .insert(agreementEvents)
      .values({
        agreementId: input.agreementId,
        seq: input.seq,
        type: 'report_filed',
        stage: 'implementation',
        actorUsername: input.actor.username,
        actorName: input.actor.name,
        actorRole: 'initiator',
        actingFor: input.actor.actingFor ?? null,
        note: `Laporan monitoring periode ${input.period} (${input.progressPercent}%)`,
        at,
      })
      .onConflictDoNothing();
    // The earliest open report obligation is met by this report.
    const [open] = await tx
      .select({ key: obligations.key })
      .from(obligations)
      .where(
        and(
          eq(obligations.agreementId, input.agreementId),
          eq(obligations.type, 'report'),
          isNull(obligations.doneAt),
        ),
      )
      .orderBy(obligations.dueAt)
      .limit(1);
    if (open) {
      await tx
        .update(obligations)
        .set({ doneAt: at })
        .where(and(eq(obligations.agreementId, input.agreementId), eq(obligations.key, open.key)));
    }
    if (input.request) {
      const { reportId, period, progressPercent } = input;
      const entry = { action: 'agreement.report', agreementId: input.agreementId, request: input.request };
      const data = { reportId, period, progressPercent };
      await appendAudit(tx, requestAuditEvent({ ...entry, actor: input.actor, role: allRoles(input.actor), data }));
    }
  });
}

export async function recordReportReview({ db }: ActivityDeps, input: ReportReviewRecordInput): Promise<void> {
  const at = new Date(input.at);
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  await db.transaction(async (tx) => {
    await tx
      .update(reports)
      .set({
        status,
        reviewNote: input.note,
        reviewedBy: input.actor.username,
        reviewedAt: at,
      })
      .where(and(eq(reports.id, input.reportId), eq(reports.status, 'submitted')));
    await tx
      .insert(agreementEvents)
      .values({
        agreementId: input.agreementId,
        seq: input.seq,
        type: 'report_reviewed',
        stage: 'implementation',
        decision: input.decision,
        actorUsername: input.actor.username,
        actorName: input.actor.name,
        actorRole: 'verifier',
        actingFor: input.actor.actingFor ?? null,
        note: input.note,
        at,
      })
      .onConflictDoNothing();
    if (input.request) {
      const { reportId, decision, note } = input;
      const entry = { action: 'agreement.report_review', agreementId: input.agreementId, request: input.request };
      const data = { reportId, decision, note, status };
      await appendAudit(tx, requestAuditEvent({ ...entry, actor: input.actor, role: 'verifier', data }));
    }
  });
}
