/**
 * `/metrics` in Prometheus text format. Business figures (agreements by stage, decisions,
 * reminders sent, overdue tasks) are read from Postgres at each scrape, so every API replica
 * reports the same city-wide totals (aggregate them with max, not sum); request latency and
 * the process figures are this replica's own.
 */
import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import { agreementEvents, agreements, emails, tasks } from '../db/schema.js';
import { RequestLatency } from './request-latency.js';

/** How old the business figures of a scrape may be (Prometheus scrapes every 15 s or more). */
const FIGURES_MAX_AGE_MS = 5_000;

/** Email kinds that chase someone: task reminders, escalations and report reminders. */
const REMINDER_KINDS = [
  'reminder',
  'escalation',
  'report_reminder',
  'report_escalation',
  'report_overdue',
];

export function registerMetrics(app: FastifyInstance, db: Database) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metric = { registers: [registry] };

  const latency = new RequestLatency(
    'simk_http_request_duration_seconds',
    'HTTP request latency by route template, method and status code',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registry,
  );
  const byStage = new Gauge({
    name: 'simk_agreements',
    help: 'Agreements by current stage',
    labelNames: ['stage'],
    ...metric,
  });
  const decisions = new Counter({
    name: 'simk_decisions_total',
    help: 'Decisions recorded on timelines, by the stage decided at and the decision',
    labelNames: ['stage', 'decision'],
    ...metric,
  });
  const reminders = new Counter({
    name: 'simk_reminders_sent_total',
    help: 'Reminder and escalation emails sent, by kind',
    labelNames: ['kind'],
    ...metric,
  });
  const overdue = new Gauge({
    name: 'simk_overdue_tasks',
    help: 'Open tasks past their due date, by acting role',
    labelNames: ['role'],
    ...metric,
  });
  const databaseUp = new Gauge({
    name: 'simk_metrics_database_up',
    help: '1 when the last scrape could read Postgres',
    ...metric,
  });

  app.addHook('onResponse', (request, reply, done) => {
    // The route template, never the raw URL: ids in paths would make one series per agreement.
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  // The business figures scan whole tables, and /metrics needs no login: one read serves every
  // scrape for FIGURES_MAX_AGE_MS, so a flood of scrapes costs the database one read per period.
  let cached: { readAt: number; figures: ReturnType<typeof readFigures> } | null = null;
  const currentFigures = () => {
    const now = performance.now();
    if (cached && now - cached.readAt < FIGURES_MAX_AGE_MS) return cached.figures;
    const entry = { readAt: now, figures: readFigures(db) };
    cached = entry;
    // A failed read is not kept: the next scrape tries again.
    entry.figures.catch(() => {
      if (cached === entry) cached = null;
    });

    return entry.figures;
  };

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    try {
      const figures = await currentFigures();
      byStage.reset();
      for (const row of figures.stages) byStage.set({ stage: row.stage }, row.count);
      decisions.reset();
      for (const { stage, decision, count } of figures.decisions)
        decisions.inc({ stage, decision }, count);
      reminders.reset();
      for (const row of figures.reminders) reminders.inc({ kind: row.kind }, row.count);
      overdue.reset();
      for (const row of figures.overdue) overdue.set({ role: row.role }, row.count);
      databaseUp.set(1);
    } catch (error) {
      // A scrape still answers with the process figures; the business ones keep their last values.
      request.log.warn({ err: error }, 'metrics could not read the database');
      databaseUp.set(0);
    }

    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

async function readFigures(db: Database) {
  const counted = sql<number>`count(*)::int`;

  const [stages, decisions, reminders, overdue] = await Promise.all([
    db
      .select({ stage: agreements.stage, count: counted })
      .from(agreements)
      .groupBy(agreements.stage),
    // The stage a decision was taken at is the one the event left.
    db
      .select({
        stage: sql<string>`coalesce(${agreementEvents.fromStage}, '')`,
        decision: sql<string>`${agreementEvents.decision}`,
        count: counted,
      })
      .from(agreementEvents)
      .where(and(eq(agreementEvents.type, 'decision'), isNotNull(agreementEvents.decision)))
      .groupBy(agreementEvents.fromStage, agreementEvents.decision),
    db
      .select({ kind: emails.kind, count: counted })
      .from(emails)
      .where(and(isNotNull(emails.sentAt), inArray(emails.kind, REMINDER_KINDS)))
      .groupBy(emails.kind),
    db
      .select({ role: tasks.role, count: counted })
      .from(tasks)
      .where(and(isNull(tasks.closedAt), lt(tasks.dueAt, sql`now()`)))
      .groupBy(tasks.role),
  ]);

  return { stages, decisions, reminders, overdue };
}
