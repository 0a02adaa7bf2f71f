/**
 * 4. A reminder storm: many agreements whose review falls due at the same instant (the verifier
 * moves every deadline there with the extendDeadline Update). Measured from that instant until
 * the SMTP server holds every expected reminder; each expected Message-ID exactly once.
 * Baseline: the product's own mailer sending as many emails, 100 at a time, nothing else.
 */
import { inArray, and, isNull } from 'drizzle-orm';
import { messageIdFor } from '../../src/activities/send-emails.js';
import { createMailer } from '../../src/activities/mailer.js';
import { usersInRole } from '../../src/activities/recipients.js';
import { tasks } from '../../src/db/schema.js';
import { extendDeadlineUpdate } from '../../src/workflows/messages.js';
import { startSubmittedAgreements } from '../support/agreements.js';
import type { Harness } from '../support/harness.js';
import { profiled } from '../support/profile.js';
import { loadNow, type Section } from '../support/report.js';
import { percent, perSecond, seconds } from '../support/stats.js';

const VERIFIER = { username: 'verifikator', name: 'Verifikator Bagian Pemerintahan', roles: ['verifier' as const], unitCode: 'PEM' };
const GOAL_MS = 60_000;
/** The worker's default number of activities at once, which the baseline matches. */
const SEND_CONCURRENCY = 100;

export async function benchReminderStorm(h: Harness, scale: number): Promise<Section> {
  const count = Math.max(20, Math.round(1000 * scale));
  const db = h.system.database.db;
  const started = await startSubmittedAgreements(db, h.gateway, count, { concurrency: 32, label: 'Uji pengingat serentak' });

  // Every deadline moves to one instant, far enough ahead for all the Updates to land first.
  const dueAt = Date.now() + Math.max(10_000, started.elapsedMs * 0.8 + 5_000);
  const moving = performance.now();
  await inLanes(started.ids, 32, (id) => h.gateway.update(id, extendDeadlineUpdate, { actor: VERIFIER, dueAt: new Date(dueAt).toISOString(), reason: 'uji beban: jatuh tempo serentak' }));
  const movedMs = performance.now() - moving;
  const updatesLate = Date.now() > dueAt;

  const open = await db.select({ agreementId: tasks.agreementId, key: tasks.taskKey }).from(tasks).where(and(inArray(tasks.agreementId, started.ids), isNull(tasks.closedAt)));
  const recipients = await usersInRole(db, 'verifier', 'PEM');
  const expected = new Set(open.flatMap((task) => recipients.map((user) => messageIdFor(`reminder:${task.agreementId}:${task.key}:1:${user.username}`))));
  const load = loadNow();

  const arrivals = await profiled('reminder-storm', () => waitForAll(h, expected, dueAt, 180_000));
  const lastMs = Math.max(...arrivals.times) - dueAt;
  const duplicates = [...arrivals.seen.values()].filter((times) => times > 1).length;
  const missing = expected.size - arrivals.seen.size;

  const baselineMs = await mailerBaseline(h, expected.size);
  const ratio = baselineMs / lastMs;

  return {
    title: `4. Reminder storm: ${count.toLocaleString('en')} reviews due at the same instant`,
    goal: 'every reminder received by the SMTP server within 60 s, none twice',
    met: missing === 0 && duplicates === 0 && lastMs < GOAL_MS && !updatesLate,
    table: [
      ['what', 'emails', 'time', 'rate', 'first / median arrival', 'duplicates', 'missing'],
      ['product: due instant → last reminder received', String(expected.size), seconds(lastMs), perSecond(expected.size / (lastMs / 1000)), `${seconds(Math.min(...arrivals.times) - dueAt)} / ${seconds(median(arrivals.times) - dueAt)}`, String(duplicates), String(missing)],
      [`baseline: the same mailer, ${SEND_CONCURRENCY} at a time`, String(expected.size), seconds(baselineMs), perSecond(expected.size / (baselineMs / 1000)), '', '', ''],
      ['**ratio baseline / product (time)**', '', `**${percent(ratio)}**`, '', '', '', ''],
    ],
    notes: [
      `Setup (not in the figure): ${count} agreements started submitted in ${seconds(started.elapsedMs)} (${perSecond(count / (started.elapsedMs / 1000))}), then every verification deadline moved to one instant by the extendDeadline Update in ${seconds(movedMs)}${updatesLate ? ' — **the Updates ran past the instant**' : ''}.`,
      `Expected: one first reminder per agreement to each of the ${recipients.length} verifier(s) (${expected.size}), each with the Message-ID the product derives from its key; the SMTP server counted every arrival by Message-ID and was watched for 5 s more for repeats.`,
      `Load average at start of the storm: ${load}.`,
    ],
  };
}

async function waitForAll(h: Harness, expected: Set<string>, dueAt: number, timeoutMs: number) {
  const seen = new Map<string, number>();
  const times: number[] = [];
  let read = 0;
  const deadline = dueAt + timeoutMs;
  let settledAt: number | null = null;
  while (Date.now() < deadline && (settledAt === null || Date.now() < settledAt + 5_000)) {
    for (; read < h.smtp.received.length; read += 1) {
      const mail = h.smtp.received[read]!;
      if (!expected.has(mail.messageId)) continue;
      seen.set(mail.messageId, (seen.get(mail.messageId) ?? 0) + 1);
      times.push(mail.at);
    }
    if (settledAt === null && seen.size === expected.size) settledAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return { seen, times: times.length ? times : [Number.NaN] };
}

async function mailerBaseline(h: Harness, count: number): Promise<number> {
  const mailer = createMailer({ smtpUrl: h.smtp.url, from: h.config.MAIL_FROM, outboxDir: h.workDir });
  const started = performance.now();
  const numbers = Array.from({ length: count }, (_, i) => i);
  await inLanes(numbers, SEND_CONCURRENCY, (i) =>
    mailer.send({ to: 'verifikator@simboisker.localhost', subject: `Pengingat uji ${i}`, text: 'Uji beban.', messageId: `<baseline-${i}@bench>` }),
  );
  const elapsed = performance.now() - started;
  mailer.close();

  return elapsed;
}

async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}
