/**
 * Paging through a large agreement list by cursor (keyset) and by page over HTTP: every row
 * exactly once in the list's own order, ties and nulls included, while agreements are added;
 * the search on such a list, ranked or (past the limit) newest first; and a clear 400 for any
 * cursor the list did not hand out.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_RANK_LIMIT } from '../../src/api/read/agreement-list.js';
import { agreements } from '../../src/db/schema.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let t: TestSystem;
const tokens: Record<string, string> = {};

interface Seeded {
  id: string;
  /** created_at to the microsecond, `YYYY-MM-DDTHH:MM:SS.ffffffZ`, so strings sort as times. */
  createdAt: string;
  title: string;
  status: string;
}
const seeded: Seeded[] = [];

/** Three agreements share each creation time, so the order rests on the id to break ties. */
function seedRow(index: number, title: string, options: { partner?: string; purpose?: string; at?: string } = {}) {
  const minute = new Date(Date.UTC(2025, 2, 1, 8) + Math.floor(index / 3) * 60_000).toISOString().slice(0, 19);
  const createdAt = options.at ?? `${minute}.${String(index % 997).padStart(6, '0')}Z`;
  const draft = index % 5 === 0;
  const row = {
    id: randomUUID(),
    trackingCode: `KS-2025-T${String(index).padStart(5, '0')}`,
    kind: 'ksdd',
    instrument: 'pks',
    title,
    partners: [{ name: options.partner ?? 'Pemerintah Kota Batu', type: 'pemda' as const }],
    unitCode: index % 2 === 0 ? 'DLH' : 'DINKES',
    purpose: options.purpose ?? 'Tujuan kerja sama daerah.',
    scope: 'Ruang lingkup.',
    durationMonths: 12,
    dprdTrigger: { burdensPublic: false, unbudgeted: false },
    initiatedBy: 'region',
    createdBy: 'pemrakarsa.dlh',
    path: ['draft', 'verification', 'implementation'],
    stage: draft ? 'draft' : 'implementation',
    status: draft ? 'draft' : 'active',
    // Nulls and ties in the nullable sort keys too.
    dueAt: index % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (index % 7))),
    endDate: draft ? null : `2027-0${1 + (index % 4)}-15`,
    createdAt: sql`${createdAt}::timestamptz`,
  };
  seeded.push({ id: row.id, createdAt, title, status: row.status });

  return row;
}

const BULK = SEARCH_RANK_LIMIT + 100;

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of ['auditor', 'verifikator']) tokens[user] = await t.login(user);
  const rows = Array.from({ length: BULK }, (_, index) =>
    seedRow(index, `Pengelolaan sampah terpadu paket ${String(index).padStart(4, '0')}`),
  );
  // A small search set: "air baku" in the title, in a partner's name, in the purpose.
  for (let i = 0; i < 10; i += 1) {
    rows.push(seedRow(BULK + i, `Penyediaan air baku wilayah ${i}`));
    rows.push(seedRow(BULK + 10 + i, `Kerja sama wilayah ${i}`, { partner: 'Perumda Air Baku Tugu' }));
    rows.push(seedRow(BULK + 20 + i, `Pelatihan aparatur ${i}`, { purpose: 'Menjamin air baku warga.' }));
  }
  for (let i = 0; i < 5; i += 1) {
    rows.push(seedRow(BULK + 30 + i, `Beasiswa mahasiswa ${i}`, { partner: 'Universitas Airlangga' }));
  }
  const db = t.system.database.db;
  for (let start = 0; start < rows.length; start += 500) {
    await db.insert(agreements).values(rows.slice(start, start + 500));
  }
  // Statistics, so that the planner expects the large search to be large (the counted path).
  await db.execute(sql`analyze agreements`);
}, 180_000);
afterAll(async () => t?.close());

const list = (query: string, user = 'auditor') => t.http.get(`/api/agreements?${query}`, tokens[user]);
const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

/** Every page by cursor; the cursors of the pages too, to check they are opaque and distinct. */
async function walkByCursor(query: string, user = 'auditor', between?: (page: number) => Promise<void>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 1; page <= 200; page += 1) {
    const response = await list(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, user);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.page).toBe(cursor ? null : 1);
    ids.push(...idsOf(response.body));
    cursor = response.body.nextCursor;
    if (!cursor) return ids;
    await between?.(page);
  }
  throw new Error('the cursor walk did not end');
}

async function walkByPage(query: string, user = 'auditor') {
  const ids: string[] = [];
  for (let page = 1; page <= 200; page += 1) {
    const found = idsOf((await list(`${query}&page=${page}`, user)).body);
    if (found.length === 0) return ids;
    ids.push(...found);
  }
  throw new Error('the page walk did not end');
}

/** The list's default order, worked out here from what was seeded: newest first, then the id. */
const newestFirst = (rows: Seeded[]) =>
  [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).map((row) => row.id);

describe('paging by cursor', () => {
  it('visits every agreement exactly once, in the same order as the pages', async () => {
    expect((await list('pageSize=100')).body).toMatchObject({ total: seeded.length, totalCapped: false });
    const walked = await walkByCursor('pageSize=100');
    expect(walked).toHaveLength(seeded.length);
    expect(new Set(walked).size).toBe(seeded.length);
    expect(walked).toEqual(newestFirst(seeded));
    expect(await walkByPage('pageSize=100')).toEqual(walked);
  });

  it('keeps every sort whole, ties and nulls included, and agrees with the pages', async () => {
    const sorts = ['createdAt', 'title', '-title', 'dueAt', '-dueAt', 'endDate', '-endDate', 'stage', '-updatedAt'];
    for (const sort of sorts) {
      const walked = await walkByCursor(`pageSize=100&sort=${sort}`);
      expect(new Set(walked).size, sort).toBe(seeded.length);
      expect(await walkByPage(`pageSize=100&sort=${sort}`), sort).toEqual(walked);
    }
  });

  it('walks only what the caller may read, with the filters applied', async () => {
    const visible = seeded.filter((row) => row.status !== 'draft');
    expect(await walkByCursor('pageSize=100', 'verifikator')).toEqual(newestFirst(visible));
    const walked = await walkByCursor('pageSize=50&unitCode=DLH&stage=implementation');
    expect(walked).toHaveLength((await list('unitCode=DLH&stage=implementation')).body.total);
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('neither repeats nor skips a row while agreements are added during the walk', async () => {
    const before = newestFirst(seeded);
    const added: { newer: string[]; older: string[] } = { newer: [], older: [] };
    const addDuring = async (page: number) => {
      if (page !== 3) return;
      const newer = [0, 1, 2].map((i) => seedRow(5000 + i, `Baru ${i}`, { at: `2030-01-01T00:00:0${i}.000001Z` }));
      const older = [0, 1, 2].map((i) => seedRow(5010 + i, `Lama ${i}`, { at: `2001-01-01T00:00:0${i}.000001Z` }));
      await t.system.database.db.insert(agreements).values([...newer, ...older]);
      added.newer = newer.map((row) => row.id);
      added.older = older.map((row) => row.id);
    };

    const walked = await walkByCursor('pageSize=100', 'auditor', addDuring);
    // Rows added before the position are not met; rows after it are, in their place.
    expect(walked).toEqual([...before, ...added.older.reverse()]);
    expect(walked).not.toContain(added.newer[0]);
  });

  it('answers the last page with no next cursor', async () => {
    const last = await list('pageSize=100&sort=title&q=wilayah');
    expect(last.body.items).toHaveLength(20);
    expect(last.body.nextCursor).toBeNull();
    expect(last.body.page).toBe(1);
  });
});

describe('searching a large list', () => {
  it('finds by a word of the title, a partner name, the purpose, a number and a part of a word', async () => {
    const titles = async (q: string) =>
      (await list(`q=${encodeURIComponent(q)}&pageSize=100`)).body.items.map((item: { title: string }) => item.title);
    expect(await titles('paket 0417')).toEqual(['Pengelolaan sampah terpadu paket 0417']);
    expect(await titles('perumda tugu')).toHaveLength(10);
    expect(await titles('menjamin')).toHaveLength(10);
    // "irlangga" is no word prefix: only the trigram index finds it.
    expect(await titles('irlangga')).toEqual(expect.arrayContaining(['Beasiswa mahasiswa 0']));
    expect(await titles('irlangga')).toHaveLength(5);
  });

  it('ranks a small match set by relevance on every page: title, then partner, then purpose', async () => {
    const first = await list('q=air%20baku&pageSize=7');
    expect(first.body).toMatchObject({ total: 30, totalCapped: false });
    const walked = await walkByCursor('q=air%20baku&pageSize=7');
    expect(walked).toEqual(await walkByPage('q=air%20baku&pageSize=7'));
    const titleOf = new Map(seeded.map((row) => [row.id, row.title]));
    const kinds = walked.map((id) => {
      const title = titleOf.get(id)!;
      return title.includes('air baku') ? 'title' : title.startsWith('Kerja') ? 'partner' : 'purpose';
    });
    expect(kinds).toEqual([...Array(10).fill('title'), ...Array(10).fill('partner'), ...Array(10).fill('purpose')]);
  });

  it('counts a large match set up to the limit and lists it newest first, whole by cursor', async () => {
    const first = await list('q=sampah&pageSize=100');
    expect(first.body).toMatchObject({ total: SEARCH_RANK_LIMIT, totalCapped: true });
    const matching = seeded.filter((row) => row.title.includes('sampah'));
    expect(idsOf(first.body)).toEqual(newestFirst(matching).slice(0, 100));
    expect(await walkByCursor('q=sampah&pageSize=100')).toEqual(newestFirst(matching));
    // Parts of words only (no word starts so): found through the trigram index alone.
    const parts = await list('q=ngelolaan&pageSize=100');
    expect(parts.body).toMatchObject({ total: SEARCH_RANK_LIMIT, totalCapped: true });
    expect(await walkByCursor('q=ngelolaan&pageSize=100')).toEqual(newestFirst(matching));
  });
});

describe('a cursor the list did not hand out', () => {
  const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
  const id = '3f1b7c2e-9d4a-4e8b-a6c1-2b5d8e9f0a17';

  it('is refused with a 400 naming the cursor, never a 500', async () => {
    const titleCursor = (await list('sort=title&pageSize=5')).body.nextCursor;
    const at = '2026-01-01T00:00:00.000000Z';
    const cases: [name: string, cursor: string, query?: string][] = [
      ['not base64url', 'abc$%'],
      ['not JSON', Buffer.from('{"o":').toString('base64url')],
      ['JSON of another shape', encode({ sort: '-createdAt', after: id })],
      ['an unknown order', encode({ o: 'purpose', k: ['x', id] })],
      ['another sort than the query', titleCursor],
      ['too few keys', encode({ o: '-createdAt', k: [id] })],
      ['a date that does not exist', encode({ o: '-createdAt', k: ['2026-02-30T00:00:00.000000Z', id] })],
      ['year zero', encode({ o: '-createdAt', k: ['0000-01-01T00:00:00.000000Z', id] })],
      ['a time without microseconds', encode({ o: '-createdAt', k: ['2026-01-01T00:00:00Z', id] })],
      ['an id that is no uuid', encode({ o: '-createdAt', k: [at, 'x'] })],
      ['a null where nulls cannot be', encode({ o: '-createdAt', k: [null, id] })],
      ['a rank out of range', encode({ o: 'relevance', k: ['1e39', at, id] }), 'q=air'],
      ['a rank that is no number', encode({ o: 'relevance', k: ['NaN', at, id] }), 'q=air'],
      ['text PostgreSQL cannot take', encode({ o: 'title', k: ['a\u0000b', id] }), 'sort=title'],
      ['a date key that is no date', encode({ o: 'endDate', k: ['2027-13-01', id] }), 'sort=endDate'],
      ['far too long', 'a'.repeat(5000)],
    ];
    for (const [name, cursor, query] of cases) {
      const response = await list(`cursor=${encodeURIComponent(cursor)}${query ? `&${query}` : ''}`);
      expect(response.status, name).toBe(400);
      expect(response.body.error.code, name).toBe('invalid_input');
      expect(response.body.error.message, name).toEqual(expect.any(String));
      expect(response.body.error.details, name).toEqual([
        expect.objectContaining({ field: 'querystring.cursor', message: expect.any(String) }),
      ]);
    }
  });

  it('is refused together with a page number', async () => {
    const cursor = (await list('pageSize=5')).body.nextCursor;
    const response = await list(`pageSize=5&page=2&cursor=${encodeURIComponent(cursor)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('querystring.cursor');
  });
});
