/**
 * One generated agreement and its projection rows (timeline events, the open task), spread
 * over the years since 2019 the way a city's register fills: old ones ended or running, recent
 * ones still in review. A seeded generator makes every run the same.
 */
import { planPath } from '../../src/domain/paths.js';
import { termEndDate } from '../../src/domain/calendar.js';
import { ACTIVITIES, OBJECTS, PARTNER_MIX, PARTNERS, QUALIFIERS, UNITS } from './vocabulary.js';
import { STAGE_RULES, statusOf, type ActiveStage, type Stage } from '../../src/domain/stages.js';
import type { Instrument, Kind } from '../../src/domain/glossary.js';
import type { Partner } from '../../src/domain/agreement.js';

const DAY = 86_400_000;
const FIRST = Date.parse('2019-01-02T02:00:00Z');

export interface SeedAgreement {
  id: string;
  trackingCode: string;
  kind: Kind;
  instrument: Instrument;
  title: string;
  partners: Partner[];
  unitCode: string;
  purpose: string;
  scope: string;
  durationMonths: number;
  path: Stage[];
  stage: Stage;
  status: string;
  dueAt: Date | null;
  overdue: boolean;
  signedAt: string | null;
  ourNumber: string | null;
  startDate: string | null;
  endDate: string | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  events: { seq: number; type: string; fromStage: string | null; stage: Stage; decision: string | null; at: Date }[];
  task: { key: string; stage: ActiveStage; role: string; unitCode: string | null; startedAt: Date; dueAt: Date; remindersSent: number } | null;
}

/** A small, fast, seeded PRNG (mulberry32). */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;

  return { next, pick, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}
export type Random = ReturnType<typeof randomSource>;

export function generateAgreement(index: number, random: Random, now: number, code: string, id: string): SeedAgreement {
  const createdAt = new Date(FIRST + random.next() * (now - 2 * DAY - FIRST));
  const mix = weighted(random, PARTNER_MIX);
  const partnerCount = mix.type === 'pemda' && random.next() < 0.2 ? 2 : 1;
  const partners = Array.from({ length: partnerCount }, () => ({ name: random.pick(PARTNERS[mix.type]), type: mix.type }));
  const kind = mix.kind as Kind;
  const instrument: Instrument = kind === 'ksdpl' || kind === 'ksdll' ? random.pick(['nk', 'loi'] as const) : random.pick(['ksb', 'pks', 'pks', 'pks'] as const);
  const object = random.pick(OBJECTS);
  const title = `${random.pick(ACTIVITIES)} ${object} ${random.pick(QUALIFIERS)}`.trim();
  const facts = { kind, instrument, initiatedBy: 'region' as const, dprdTrigger: { burdensPublic: random.next() < 0.1, unbudgeted: false } };
  const path = planPath(facts);
  const unitCode = random.pick(UNITS);
  const durationMonths = random.pick([12, 24, 36, 60, 60]);
  const base = {
    id, trackingCode: code, kind, instrument, title, partners, unitCode, durationMonths, path, createdAt,
    purpose: `Meningkatkan ${object} bagi warga kota melalui kerja sama dengan ${partners[0]!.name}.`,
    scope: `Perencanaan, pelaksanaan dan evaluasi ${object}; pertukaran data; pelaporan berkala (${index}).`,
    createdBy: `pemrakarsa.${unitCode.toLowerCase()}`,
  };

  return { ...base, ...lifeOf(random, path, createdAt, durationMonths, now, index, unitCode) };
}

/** Where the agreement stands today, given its age: process stage, term, or closed. */
function lifeOf(random: Random, path: Stage[], createdAt: Date, durationMonths: number, now: number, index: number, unitCode: string) {
  const ageDays = (now - createdAt.getTime()) / DAY;
  const roll = random.next();
  const review = path.filter((stage) => stage !== 'draft' && STAGE_RULES[stage as ActiveStage] && stage !== 'implementation' && stage !== 'evaluation');
  const none = { dueAt: null, overdue: false, signedAt: null, ourNumber: null, startDate: null, endDate: null, task: null };
  const created = { seq: 1, type: 'created', fromStage: null, stage: 'draft' as Stage, decision: null, at: createdAt };
  const submittedAt = new Date(createdAt.getTime() + DAY);
  const submitted = { seq: 2, type: 'decision', fromStage: 'draft', stage: 'verification' as Stage, decision: 'submit', at: submittedAt };

  const closedEarly = roll < 0.06;
  const inReview = !closedEarly && ageDays < 300 && roll < 0.6;
  if (closedEarly || (ageDays < 20 && roll < 0.7)) {
    const stage: Stage = closedEarly ? random.pick(['rejected', 'withdrawn'] as const) : 'draft';
    const updatedAt = closedEarly ? submittedAt : createdAt;
    const events = closedEarly ? [created, submitted, { ...submitted, seq: 3, fromStage: 'verification', stage, decision: 'reject' }] : [created];
    const task = stage === 'draft' ? openTask(random, 'draft', 2, unitCode, createdAt, now, false) : null;
    return { ...none, stage, status: statusOf(stage, closedEarly), updatedAt, events, task };
  }
  if (inReview) {
    const stage = random.next() < 0.08 ? 'revision' : random.pick(review);
    const updatedAt = new Date(Math.max(submittedAt.getTime(), now - random.int(1, 40) * DAY));
    const task = openTask(random, stage as ActiveStage, 3, unitCode, updatedAt, now, true);
    const moved = { seq: 3, type: 'decision', fromStage: 'verification', stage, decision: 'approve', at: updatedAt };
    const events = stage === 'verification' ? [created, submitted] : [created, submitted, moved];
    return { ...none, stage, status: statusOf(stage, true), dueAt: task.dueAt, overdue: task.remindersSent > 0, updatedAt, events, task };
  }

  // Signed some months after the proposal; running, in evaluation, or ended by now.
  const signed = new Date(createdAt.getTime() + random.int(60, 200) * DAY);
  const signedAt = signed.toISOString().slice(0, 10);
  const endDate = termEndDate(signedAt, durationMonths);
  const ended = Date.parse(endDate) < now;
  const stage: Stage = ended ? (random.next() < 0.05 ? 'terminated' : 'ended') : Date.parse(endDate) - now < 60 * DAY ? 'evaluation' : 'implementation';
  const at = new Date(Math.min(now - DAY, signed.getTime()));
  const events: SeedAgreement['events'] = [
    created,
    submitted,
    { seq: 3, type: 'decision', fromStage: 'signing', stage: 'implementation', decision: 'approve', at },
  ];
  if (ended) events.push({ seq: 4, type: 'system', fromStage: 'implementation', stage, decision: null, at: new Date(Math.min(now - DAY, Date.parse(endDate))) });
  const ourNumber = `180/${index}/35.73.112/${signedAt.slice(0, 4)}`;
  const task = stage === 'evaluation' ? openTask(random, 'evaluation', 4, unitCode, at, now, false) : null;

  return { ...none, stage, status: statusOf(stage, true), signedAt, ourNumber, startDate: signedAt, endDate, updatedAt: events.at(-1)!.at, events, task, dueAt: task?.dueAt ?? null };
}

function openTask(random: Random, stage: ActiveStage, seq: number, unitCode: string, startedAt: Date, now: number, timed: boolean) {
  const rule = STAGE_RULES[stage]!;
  const dueAt = timed ? new Date(now + random.int(-20, 30) * DAY) : new Date(startedAt.getTime() + 20 * DAY);
  const unit = rule.role === 'initiator' ? unitCode : rule.role === 'verifier' ? 'PEM' : rule.role === 'legal' ? 'HUKUM' : null;

  return { key: `${stage}#${seq}`, stage, role: rule.role, unitCode: unit, startedAt, dueAt, remindersSent: dueAt.getTime() < now - 2 * DAY ? 1 : 0 };
}

function weighted<T extends { weight: number }>(random: Random, items: T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = random.next() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }

  return items.at(-1)!;
}
