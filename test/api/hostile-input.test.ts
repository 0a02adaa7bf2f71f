/**
 * Bad and hostile input against the running product: every case gets a clear 4xx in the one
 * error shape (never a 500), text that looks like SQL or script is stored and returned as it
 * was sent, and nothing is half-written after a refusal.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../support/system.js';

let t: TestSystem;
const tokens: Record<string, string> = {};
let draftId: string;
let trackingCode: string;

const proposal = {
  kind: 'ksdpk',
  instrument: 'pks',
  title: 'Kerja sama uji masukan',
  partners: [{ name: 'PT Uji', type: 'swasta' }],
  unitCode: 'DLH',
  purpose: 'Menguji masukan yang buruk.',
  scope: 'Uji.',
  durationMonths: 12,
};

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of ['pemrakarsa.dlh', 'verifikator', 'auditor']) tokens[user] = await t.login(user);
  const created = await t.http.post('/api/agreements', proposal, tokens['pemrakarsa.dlh']);
  expect(created.status).toBe(201);
  draftId = created.body.id;
  trackingCode = created.body.trackingCode;
});
afterAll(async () => t?.close());

interface Case {
  name: string;
  method?: string;
  url: string | (() => string);
  user?: string | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
}

const create = (name: string, changes: Record<string, unknown>, code = 'invalid_input'): Case => ({
  name,
  method: 'POST',
  url: '/api/agreements',
  body: { ...proposal, ...changes },
  status: 400,
  code,
});
const decide = (name: string, body: unknown, status = 400): Case => ({
  name,
  method: 'POST',
  url: () => `/api/agreements/${draftId}/decisions`,
  body,
  status,
  code: status === 400 ? 'invalid_input' : undefined,
});
const listing = (query: string): Case => ({
  name: `list ?${query}`,
  url: `/api/agreements?${query}`,
  status: 400,
  code: 'invalid_input',
});
const json = { 'content-type': 'application/json' };

const CASES: Case[] = [
  // Malformed JSON
  {
    name: 'truncated JSON',
    method: 'POST',
    url: '/api/agreements',
    raw: '{"kind":',
    headers: json,
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'not JSON at all',
    method: 'POST',
    url: '/api/auth/login',
    raw: 'username=a&password=b',
    headers: json,
    user: null,
    status: 400,
    code: 'invalid_json',
  },
  { name: 'empty JSON body', method: 'POST', url: '/api/agreements', raw: '', headers: json, status: 400 },
  {
    name: 'a JSON array instead of an object',
    method: 'POST',
    url: '/api/agreements',
    raw: '[1,2]',
    headers: json,
    status: 400,
  },
  { name: 'JSON null', method: 'POST', url: '/api/agreements', raw: 'null', headers: json, status: 400 },
  {
    name: 'deeply nested JSON',
    method: 'POST',
    url: '/api/agreements',
    raw: '['.repeat(200_000) + ']'.repeat(200_000),
    headers: json,
    status: 400,
  },
  {
    name: 'a __proto__ key',
    method: 'POST',
    url: '/api/agreements',
    raw: '{"__proto__":{"admin":true},"kind":"ksdd"}',
    headers: json,
    status: 400,
  },
  {
    name: 'a constructor.prototype key',
    method: 'POST',
    url: '/api/agreements',
    raw: '{"constructor":{"prototype":{"x":1}}}',
    headers: json,
    status: 400,
  },
  {
    name: 'JSON declared as UTF-16',
    method: 'POST',
    url: '/api/agreements',
    raw: '{}',
    headers: { 'content-type': 'application/json; charset=utf-16' },
    status: 400,
  },
  // Wrong types
  create('durationMonths as a string', { durationMonths: '12' }),
  create('durationMonths with a fraction', { durationMonths: 1.5 }),
  create('durationMonths of zero', { durationMonths: 0 }),
  create('partners as an object', { partners: { name: 'x' } }),
  create('a number as title', { title: 123 }),
  create('submit as a word', { submit: 'yes' }),
  create('a value too large to be exact', { valueIdr: 1e20 }),
  create('a negative value', { valueIdr: -1 }),
  create('an unknown kind', { kind: 'ksxx' }),
  create('an unknown partner type', { partners: [{ name: 'X', type: 'alien' }] }),
  create('an impossible date', { plannedStart: '2026-02-30' }),
  create('a date in another format', { plannedStart: '30/01/2026' }),
  create('a parent id that is not a UUID', { parentId: '1 OR 1=1' }),
  decide('an unknown stage', { stage: 'nowhere', decision: 'submit' }),
  decide('an unknown decision code', { stage: 'draft', decision: 'bless' }),
  decide('a note that is an object', { stage: 'draft', decision: 'submit', note: { text: 'x' } }),
  // Missing fields
  {
    name: 'an empty proposal',
    method: 'POST',
    url: '/api/agreements',
    body: {},
    status: 400,
    code: 'invalid_input',
  },
  create('no partners', { partners: [] }),
  create('a title of spaces', { title: '   ' }),
  {
    name: 'a login without password',
    method: 'POST',
    url: '/api/auth/login',
    body: { username: 'auditor' },
    user: null,
    status: 400,
  },
  decide('a decision without its code', { stage: 'draft' }),
  // Too large
  {
    name: 'a body over 1 MiB',
    method: 'POST',
    url: '/api/agreements',
    raw: JSON.stringify({ ...proposal, scope: 'x'.repeat(1_100_000) }),
    headers: json,
    status: 413,
    code: 'payload_too_large',
  },
  create('a title over 500 characters', { title: 'ꦲ'.repeat(501) }),
  create('a purpose over 5000 characters', { purpose: 'a'.repeat(5001) }),
  create('21 partners', {
    partners: Array.from({ length: 21 }, (_, i) => ({ name: `Mitra ${i}`, type: 'swasta' })),
  }),
  // Unsupported media types
  {
    name: 'plain text',
    method: 'POST',
    url: '/api/agreements',
    raw: 'halo',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'XML',
    method: 'POST',
    url: '/api/auth/login',
    raw: '<login/>',
    headers: { 'content-type': 'application/xml' },
    user: null,
    status: 415,
  },
  // U+0000, which PostgreSQL cannot store
  create('U+0000 in the title', { title: 'a\u0000b' }),
  create('U+0000 in a partner name', { partners: [{ name: '\u0000', type: 'swasta' }] }),
  decide('U+0000 in a note', { stage: 'draft', decision: 'submit', note: 'x\u0000' }),
  {
    name: 'U+0000 in the username',
    method: 'POST',
    url: '/api/auth/login',
    body: { username: 'a\u0000', password: 'x' },
    user: null,
    status: 400,
  },
  {
    name: 'U+0000 in a report review note',
    method: 'POST',
    url: () => `/api/agreements/${draftId}/reports/${randomUUID()}/review`,
    body: { decision: 'return', note: 'x\u0000' },
    status: 400,
    code: 'invalid_input',
  },
  create('a lone surrogate in the title', { title: 'judul \ud800' }),
  listing('q=%00'),
  listing('unitCode=DLH%00'),
  // Identifiers
  {
    name: 'an agreement id that is not a UUID',
    url: '/api/agreements/not-a-uuid',
    status: 400,
    code: 'invalid_input',
  },
  {
    name: 'an agreement id with SQL',
    url: `/api/agreements/${encodeURIComponent("1' OR '1'='1")}`,
    status: 400,
  },
  { name: 'an unknown agreement', url: `/api/agreements/${randomUUID()}`, status: 404, code: 'not_found' },
  {
    name: 'a decision on an unknown agreement',
    method: 'POST',
    url: `/api/agreements/${randomUUID()}/decisions`,
    body: { stage: 'draft', decision: 'submit' },
    status: 404,
  },
  {
    name: 'a review of a report id that is not a UUID',
    method: 'POST',
    url: () => `/api/agreements/${draftId}/reports/abc/review`,
    body: { decision: 'accept' },
    status: 400,
  },
  { name: 'a path parameter over 200 characters', url: `/api/agreements/${'a'.repeat(300)}`, status: 404 },
  // Tracking codes
  {
    name: 'an unknown tracking code',
    url: '/api/public/track/KS-2026-ZZZZZZ',
    user: null,
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a malformed tracking code',
    url: '/api/public/track/halo',
    user: null,
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a tracking code with SQL',
    url: `/api/public/track/${encodeURIComponent("KS-2026-' OR 1=1--")}`,
    user: null,
    status: 404,
  },
  {
    name: 'a very long tracking code',
    url: `/api/public/track/KS-${'9'.repeat(150)}`,
    user: null,
    status: 404,
  },
  { name: 'a tracking code with U+0000', url: '/api/public/track/KS-2026-%00', user: null, status: 404 },
  // Pagination and list parameters
  listing('page=0'),
  listing('page=-1'),
  listing('page=1.5'),
  listing('page=1e9'),
  listing('pageSize=0'),
  listing('pageSize=101'),
  listing('pageSize=1e9'),
  listing('page=abc'),
  listing('page=1&page=2'),
  listing('sort=password'),
  listing('overdue=yes'),
  listing('year=20x6'),
  listing(`q=${'a'.repeat(201)}`),
  // Tokens
  {
    name: 'a token that was never issued',
    url: '/api/auth/me',
    headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    user: null,
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'a token of the wrong form',
    url: '/api/auth/me',
    headers: { authorization: 'Bearer ../../etc/passwd' },
    user: null,
    status: 401,
  },
  {
    name: 'basic authentication',
    url: '/api/auth/me',
    headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    user: null,
    status: 401,
  },
  { name: 'no token on a private route', url: '/api/agreements', user: null, status: 401 },
  // Routes that do not exist
  { name: 'an unknown API route', url: '/api/nothing', status: 404, code: 'not_found' },
  {
    name: 'an unknown method on a known path',
    method: 'DELETE',
    url: '/api/agreements',
    status: 404,
    code: 'not_found',
  },
  { name: 'an id that climbs out of its folder', url: '/api/agreements/..%2F..%2Fetc%2Fpasswd', status: 400 },
  // Headers
  {
    name: 'an Idempotency-Key with spaces',
    method: 'POST',
    url: '/api/agreements',
    body: proposal,
    headers: { 'idempotency-key': 'a b' },
    status: 400,
  },
  {
    name: 'an Idempotency-Key over 200 characters',
    method: 'POST',
    url: '/api/agreements',
    body: proposal,
    headers: { 'idempotency-key': 'k'.repeat(201) },
    status: 400,
  },
];

describe(`${CASES.length} bad requests`, () => {
  it.each(CASES)('answers $name with $status in the error shape', async (item) => {
    const user = item.user === undefined ? 'pemrakarsa.dlh' : item.user;
    const url = typeof item.url === 'function' ? item.url() : item.url;
    const response = await t.http.request(item.method ?? 'GET', url, {
      token: user ? tokens[user] : undefined,
      body: item.body,
      raw: item.raw,
      headers: item.headers,
    });

    expect(response.status, JSON.stringify(response.body)).toBe(item.status);
    expect(response.headers.get('content-type')).toContain('application/json');
    // Always the same three keys; details null when there is nothing to add.
    expect(response.body.error).toEqual({
      code: item.code ?? expect.any(String),
      message: expect.any(String),
      details: response.body.error.details === null ? null : expect.anything(),
    });
  });
});

describe('text that looks like code', () => {
  it('stores SQL-looking, script-looking and non-Latin text and returns it exactly as sent', async () => {
    const texts = {
      title: "Robert'); DROP TABLE agreements;-- <script>alert('x')</script> ꦥꦩꦫꦺꦤ꧀ꦠꦃ ﷺ 👩‍💼🤝🏛️",
      purpose: '<img src=x onerror=alert(1)> {{7*7}} ${7*7} %s %n \\x00 ‮RTL‬',
      partners: [
        { name: 'O\'Brien & Söhne "GmbH"; SELECT 1', type: 'swasta' },
        { name: 'مؤسسة الماء', type: 'lembaga_luar_negeri', country: 'EG' },
      ],
    };
    const created = await t.http.post('/api/agreements', { ...proposal, ...texts }, tokens['pemrakarsa.dlh']);
    expect(created.status).toBe(201);

    const detail = await t.http.get(`/api/agreements/${created.body.id}`, tokens['pemrakarsa.dlh']);
    expect(detail.body).toMatchObject(texts);
    const found = await t.http.get(
      `/api/agreements?q=${encodeURIComponent('DROP TABLE')}`,
      tokens['pemrakarsa.dlh'],
    );
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    const publicView = await t.http.get(`/api/public/track/${created.body.trackingCode}`);
    expect(publicView.body.title).toBe(texts.title);
    expect(publicView.headers.get('content-type')).toContain('application/json');
  });

  it('takes a title of exactly 500 Javanese characters', async () => {
    const title = 'ꦲ'.repeat(500);
    const created = await t.http.post('/api/agreements', { ...proposal, title }, tokens['pemrakarsa.dlh']);
    expect(created.status).toBe(201);
    expect(
      (await t.http.get(`/api/agreements/${created.body.id}`, tokens['pemrakarsa.dlh'])).body.title,
    ).toBe(title);
  });
});

describe('tokens', () => {
  it('refuses a token replayed after logout', async () => {
    const token = await t.login('auditor');
    expect((await t.http.get('/api/auth/me', token)).status).toBe(200);
    expect((await t.http.post('/api/auth/logout', {}, token)).status).toBe(200);
    const replayed = await t.http.get('/api/auth/me', token);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('unauthenticated');
  });

  it('refuses a token past its expiry', async () => {
    const token = await t.login('auditor');
    const hash = createHash('sha256').update(token).digest('hex');
    // Its lifetime ends: the session row is what the server checks on every request.
    await t.system.database.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where token_hash = ${hash}`,
    );
    const expired = await t.http.get('/api/agreements', token);
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
  });
});

describe('after every refusal', () => {
  it('leaves nothing half-written: only the agreements that were accepted exist', async () => {
    const refusedCreates = [
      await t.http.post('/api/agreements', { ...proposal, unitCode: 'DINKES' }, tokens['pemrakarsa.dlh']),
      await t.http.post('/api/agreements', { ...proposal, parentId: randomUUID() }, tokens['pemrakarsa.dlh']),
      await t.http.post('/api/agreements', { ...proposal, instrument: 'addendum' }, tokens['pemrakarsa.dlh']),
      await t.http.post('/api/agreements', proposal, tokens.verifikator),
    ];
    expect(refusedCreates.map((response) => response.status)).toEqual([403, 422, 400, 403]);

    const all = await t.http.get('/api/agreements?pageSize=100', tokens.auditor);
    expect(all.body.total).toBe(3);
    const rows = await t.system.database.db.execute(sql`select count(*)::int as n from agreements`);
    expect((rows as unknown as { n: number }[])[0]!.n).toBe(3);
    const detail = await t.http.get(`/api/agreements/${draftId}`, tokens.auditor);
    expect(detail.body).toMatchObject({ stage: 'draft', trackingCode });
    expect(detail.body.timeline).toHaveLength(1);
  });
});
