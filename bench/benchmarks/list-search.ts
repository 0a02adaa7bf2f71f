/**
 * 3. List and search over the seeded agreements: p95 per query shape over HTTP, beside the same
 * query run bare (the product's listAgreements on a database connection, no HTTP).
 */
import { LIST_COUNT_LIMIT, SEARCH_RANK_LIMIT } from '../../src/api/read/agreement-list.js';
import { UNITS, SEARCH_WORDS } from '../seed/vocabulary.js';
import { runChild } from '../support/child.js';
import type { Harness } from '../support/harness.js';
import { loadNow, type Section } from '../support/report.js';
import { ms, type LatencySummary } from '../support/stats.js';

interface ShapeResult {
  name: string;
  query: string;
  total: number;
  totalCapped: boolean;
  http: LatencySummary;
  direct: LatencySummary;
}

const GOAL_MS = 50;

export async function benchListSearch(h: Harness, scale: number, seeded: number): Promise<Section> {
  const deepPage = Math.max(2, Math.floor((seeded * 0.8) / 20));
  const token = await h.login('verifikator');
  const deepCursor = await cursorBefore(h.baseUrl, token, deepPage);
  const shapes = [
    { name: 'plain first page', queries: ['page=1&pageSize=20'] },
    { name: 'stage + kind', queries: ['stage=implementation&kind=ksdd', 'stage=verification&kind=ksdpk', 'stage=ended&kind=sinergi'] },
    { name: 'unit', queries: UNITS.map((unit) => `unitCode=${unit}`) },
    { name: 'q=<word> (full text)', queries: SEARCH_WORDS.map((word) => `q=${encodeURIComponent(word)}`) },
    { name: 'q + stage + unit', queries: ['q=sampah&stage=implementation&unitCode=DLH', 'q=kesehatan&stage=ended&unitCode=DINKES'] },
    { name: 'overdue', queries: ['overdue=true'] },
    { name: 'expiringWithinDays', queries: ['expiringWithinDays=90', 'expiringWithinDays=30'] },
    { name: `deep page (page ${deepPage})`, queries: [`page=${deepPage}&pageSize=20`] },
    {
      name: 'same position by cursor',
      queries: [`cursor=${encodeURIComponent(deepCursor)}&pageSize=20`],
      example: `cursor=<nextCursor of page ${deepPage - 1}>&pageSize=20`,
    },
  ];
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
        `${result.totalCapped ? '> ' : ''}${result.total.toLocaleString('en')}`,
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
      `The cursor shape asks for the same rows as the deep page (checked before measuring), by the \`nextCursor\` of the page before it instead of an offset. The list counts at most ${LIST_COUNT_LIMIT.toLocaleString('en')} rows and a search ${SEARCH_RANK_LIMIT.toLocaleString('en')} ("> n": \`totalCapped\`); a search with more matches lists the newest first instead of ranking every match.`,
      `Load average at start: ${load}.`,
    ],
  };
}

/**
 * The cursor that continues after page `page - 1`, taken from the API itself; the benchmark
 * stops if that cursor does not give exactly the rows of page `page`.
 */
async function cursorBefore(baseUrl: string, token: string, page: number): Promise<string> {
  const get = async (query: string) => {
    const headers = { authorization: `Bearer ${token}` };
    const response = await fetch(`${baseUrl}/api/agreements?${query}`, { headers });
    const body = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
    if (response.status !== 200) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  const before = await get(`page=${page - 1}&pageSize=20`);
  if (!before.nextCursor) throw new Error(`page ${page - 1} has no next cursor`);
  const [byCursor, byPage] = await Promise.all([
    get(`cursor=${encodeURIComponent(before.nextCursor)}&pageSize=20`),
    get(`page=${page}&pageSize=20`),
  ]);
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id).join();
  if (ids(byCursor) !== ids(byPage)) throw new Error(`the cursor after page ${page - 1} does not give page ${page}`);

  return before.nextCursor;
}
