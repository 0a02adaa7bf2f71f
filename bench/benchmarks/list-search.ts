/**
 * 3. List and search over the seeded agreements: p95 per query shape over HTTP, beside the same
 * query run bare (the product's listAgreements on a database connection, no HTTP).
 */
import { UNITS, SEARCH_WORDS } from '../seed/vocabulary.js';
import { runChild } from '../support/child.js';
import type { Harness } from '../support/harness.js';
import { loadNow, type Section } from '../support/report.js';
import { ms, type LatencySummary } from '../support/stats.js';

interface ShapeResult {
  name: string;
  query: string;
  total: number;
  http: LatencySummary;
  direct: LatencySummary;
}

const GOAL_MS = 50;

export async function benchListSearch(h: Harness, scale: number, seeded: number): Promise<Section> {
  const deepPage = Math.max(2, Math.floor((seeded * 0.8) / 20));
  const shapes = [
    { name: 'plain first page', queries: ['page=1&pageSize=20'] },
    { name: 'stage + kind', queries: ['stage=implementation&kind=ksdd', 'stage=verification&kind=ksdpk', 'stage=ended&kind=sinergi'] },
    { name: 'unit', queries: UNITS.map((unit) => `unitCode=${unit}`) },
    { name: 'q=<word> (full text)', queries: SEARCH_WORDS.map((word) => `q=${encodeURIComponent(word)}`) },
    { name: 'q + stage + unit', queries: ['q=sampah&stage=implementation&unitCode=DLH', 'q=kesehatan&stage=ended&unitCode=DINKES'] },
    { name: 'overdue', queries: ['overdue=true'] },
    { name: 'expiringWithinDays', queries: ['expiringWithinDays=90', 'expiringWithinDays=30'] },
    { name: `deep page (page ${deepPage})`, queries: [`page=${deepPage}&pageSize=20`] },
  ];
  const token = await h.login('verifikator');
  const actor = { username: 'verifikator', name: 'Verifikator Bagian Pemerintahan', roles: ['verifier'], unitCode: 'PEM' };
  const samples = Math.max(30, Math.round(150 * scale));
  const load = loadNow();
  const results = await runChild<ShapeResult[]>('load/list-queries.ts', {
    baseUrl: h.baseUrl,
    databaseUrl: h.config.DATABASE_URL,
    token,
    actor,
    shapes,
    samples,
    warmup: 10,
  });

  return {
    title: `3. List and search over ${seeded.toLocaleString('en')} agreements`,
    goal: `p95 < ${GOAL_MS} ms for every query shape`,
    met: results.every((result) => result.http.p95 < GOAL_MS),
    table: [
      ['query shape', 'example', 'matches', 'HTTP p50', 'HTTP p95', 'bare query p95', 'bare / HTTP (p95)'],
      ...results.map((result) => [
        result.name,
        `\`${result.query}\``,
        result.total.toLocaleString('en'),
        ms(result.http.p50),
        `${result.http.p95 < GOAL_MS ? '' : '⚠ '}${ms(result.http.p95)}`,
        ms(result.direct.p95),
        `${((result.direct.p95 / result.http.p95) * 100).toFixed(0)} %`,
      ]),
    ],
    notes: [
      `As the verifier (sees every submitted agreement). ${samples} requests per shape, one at a time, after 10 warm-up requests; a shape with several examples takes them in turn.`,
      'Rows were written by `bench/seed/seed-agreements.ts` with COPY into agreements, agreement_events and tasks: Indonesian titles, partners and units, stages spread over 2019 until today (old ones ended or running, recent ones in review).',
      '"bare query" is the product\'s own `listAgreements` (same SQL: page and count) on a database connection in the driver process, without HTTP, auth or JSON.',
      `Load average at start: ${load}.`,
    ],
  };
}
