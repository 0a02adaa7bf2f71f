/**
 * Finding and reporting over HTTP on the real product (Temporal dev server, PostgreSQL): the
 * full-text search of the list with its filters and stable pages, the summary report, the list
 * as CSV and the semester recap as JSON, CSV and a printable page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import { parseCsv } from '../../src/domain/csv.js';
import { agreementAt, type Tokens } from '../support/drive.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let t: TestSystem;
const tokens: Tokens = {};
const ids: Record<string, string> = {};
const today = localDateOf(new Date(), 'Asia/Jakarta');
const year = Number(today.slice(0, 4));
const half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;

const base = {
  kind: 'ksdpk',
  instrument: 'pks',
  scope: 'Ruang lingkup kerja sama.',
  durationMonths: 24,
  initiatedBy: 'partner',
};
const PROPOSALS = {
  airBaku: {
    ...base,
    kind: 'ksdd',
    unitCode: 'DLH',
    title: 'Pemanfaatan sumber air baku Kabupaten Malang',
    partners: [{ name: 'Pemerintah Kabupaten Malang', type: 'pemda' }],
    purpose: 'Menjamin pasokan bagi pelanggan.',
  },
  kesehatan: {
    ...base,
    unitCode: 'DINKES',
    title: 'Layanan kesehatan ꦱꦸꦫꦧꦪ <script>alert(1)</script> & keliling',
    partners: [{ name: 'Universitas Airlangga', type: 'perguruan_tinggi' }],
    purpose: 'Penyediaan air bersih untuk posyandu keliling.',
  },
  sampah: {
    ...base,
    unitCode: 'DLH',
    title: '=1+2 Pengelolaan sampah, "terpadu"',
    partners: [{ name: 'PT Kebersihan; Jaya', type: 'swasta' }],
    purpose: 'Pengurangan timbulan sampah kota.',
  },
  arab: {
    ...base,
    unitCode: 'DINKES',
    title: 'تعاون الصحة 💧',
    partners: [{ name: 'Yayasan Amal', type: 'ormas' }],
    purpose: 'Kerja sama kemanusiaan.',
  },
};

beforeAll(async () => {
  t = await startTestSystem();
  const users = [
    'pemrakarsa.dlh',
    'pemrakarsa.dinkes',
    'verifikator',
    'tkksd',
    'hukum',
    'sekda',
    'auditor',
    'kepala.dinkes',
  ];
  for (const user of users) tokens[user] = await t.login(user);

  ids.airBaku = (await agreementAt(t, tokens, PROPOSALS.airBaku, 'draft', 'pemrakarsa.dlh')).id;
  ids.kesehatan = (
    await agreementAt(t, tokens, PROPOSALS.kesehatan, 'implementation', 'pemrakarsa.dinkes')
  ).id;
  ids.sampah = (await agreementAt(t, tokens, PROPOSALS.sampah, 'verification', 'pemrakarsa.dlh')).id;
  ids.arab = (await agreementAt(t, tokens, PROPOSALS.arab, 'draft', 'pemrakarsa.dinkes')).id;

  const report = { period: 'Semester II', activities: 'Posyandu keliling berjalan.', progressPercent: 30 };
  const filed = await t.http.post(
    `/api/agreements/${ids.kesehatan}/reports`,
    report,
    tokens['pemrakarsa.dinkes'],
  );
  expect(filed.status).toBe(201);
  const review = { decision: 'accept', note: 'Lengkap.' };
  const reviewed = await t.http.post(
    `/api/agreements/${ids.kesehatan}/reports/${filed.body.reportId}/review`,
    review,
    tokens.verifikator,
  );
  expect(reviewed.status).toBe(200);
});
afterAll(async () => t?.close());

const list = (query: string, user = 'auditor') => t.http.get(`/api/agreements?${query}`, tokens[user]);
const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);
const search = async (q: string, user = 'auditor') =>
  idsOf((await list(`q=${encodeURIComponent(q)}`, user)).body);

describe('searching the agreement list', () => {
  it('finds agreements by a word of the title, a partner name or the purpose, and by a word prefix', async () => {
    expect(await search('Malang')).toEqual([ids.airBaku]);
    expect(await search('airlangga')).toEqual([ids.kesehatan]);
    expect(await search('posyandu')).toEqual([ids.kesehatan]);
    expect(await search('pengelol sampah')).toEqual([ids.sampah]);
  });

  it('ranks a match in the title above a match in the purpose', async () => {
    // "air" is in the first title and only in the purpose of the second.
    const found = await search('air');
    expect(found.slice(0, 2)).toEqual([ids.airBaku, ids.kesehatan]);
  });

  it('finds parts of words through trigrams and text in Javanese, Arabic and emoji', async () => {
    expect(await search('ngelolaan')).toEqual([ids.sampah]);
    expect(await search('ꦱꦸꦫꦧ')).toEqual([ids.kesehatan]);
    expect(await search('الصحة')).toEqual([ids.arab]);
    expect(await search('💧')).toEqual([ids.arab]);
  });

  it('treats SQL-looking and pattern characters as plain text', async () => {
    expect(await search("'; drop table agreements; --")).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect((await list('pageSize=100')).body.total).toBe(4);
  });

  it('never shows another office its drafts, whatever it searches', async () => {
    expect(await search('Malang', 'pemrakarsa.dinkes')).toEqual([]);
    expect(await search('air', 'pemrakarsa.dinkes')).toEqual([ids.kesehatan]);
    // The verifier sees what was submitted and not the offices' drafts.
    expect(await search('air', 'verifikator')).toEqual([ids.kesehatan]);
  });
});

describe('filtering the list', () => {
  it('filters by kind, instrument, status, stage, office, partner type and year', async () => {
    expect(idsOf((await list('kind=ksdd')).body)).toEqual([ids.airBaku]);
    expect(idsOf((await list('partnerType=perguruan_tinggi')).body)).toEqual([ids.kesehatan]);
    expect(idsOf((await list('status=active')).body)).toEqual([ids.kesehatan]);
    expect(idsOf((await list('stage=verification')).body)).toEqual([ids.sampah]);
    expect(new Set(idsOf((await list('unitCode=DINKES&instrument=pks')).body))).toEqual(
      new Set([ids.kesehatan, ids.arab]),
    );
    expect((await list(`year=${year}`)).body.total).toBe(4);
    expect((await list(`year=${year - 1}`)).body.total).toBe(0);
  });

  it('lists agreements expiring within N days by their end date', async () => {
    const detail = (await t.http.get(`/api/agreements/${ids.kesehatan}`, tokens.auditor)).body;
    const daysLeft = Math.round((Date.parse(detail.endDate) - Date.parse(today)) / 86_400_000);
    expect(idsOf((await list(`expiringWithinDays=${daysLeft}`)).body)).toEqual([ids.kesehatan]);
    expect(idsOf((await list(`expiringWithinDays=${daysLeft - 1}`)).body)).toEqual([]);
  });

  it('lists overdue tasks once their due date has passed, and the summary counts them by role', async () => {
    const dueAt = new Date(Date.now() + 1000).toISOString();
    const moved = await t.http.post(
      `/api/agreements/${ids.sampah}/deadline`,
      { dueAt, reason: 'uji terlambat' },
      tokens.verifikator,
    );
    expect(moved.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(idsOf((await list('overdue=true')).body)).toEqual([ids.sampah]);
    expect(idsOf((await list('overdue=false')).body)).not.toContain(ids.sampah);
    const summary = (await t.http.get('/api/reports/summary', tokens.auditor)).body;
    expect(summary.overdueTasksByRole).toEqual([{ role: 'verifier', label: expect.any(String), count: 1 }]);
  });
});

describe('paging through the list', () => {
  it('visits every agreement exactly once, even when the sort key ties', async () => {
    for (const sort of ['stage', '-stage', 'title', 'relevance', '-createdAt', 'endDate']) {
      const seen: string[] = [];
      for (let page = 1; page <= 5; page += 1)
        seen.push(...idsOf((await list(`pageSize=1&page=${page}&sort=${sort}`)).body));
      expect(seen, sort).toHaveLength(4);
      expect(new Set(seen).size, sort).toBe(4);
    }
  });

  it('answers an empty page beyond the end and refuses sizes over 100', async () => {
    const beyond = await list('page=99&pageSize=20');
    expect(beyond.status).toBe(200);
    expect(beyond.body).toMatchObject({ items: [], total: 4, page: 99 });
    expect((await list('pageSize=101')).status).toBe(400);
  });
});

describe('the summary report', () => {
  it('counts by kind, stage, office and year, consistently with the total', async () => {
    const summary = (await t.http.get('/api/reports/summary', tokens.auditor)).body;
    expect(summary.total).toBe(4);
    const sum = (rows: { count: number }[]) => rows.reduce((total, row) => total + row.count, 0);
    for (const key of ['byKind', 'byStage', 'byUnit', 'byYear']) expect(sum(summary[key]), key).toBe(4);
    expect(summary.byUnit).toEqual([
      { unitCode: 'DINKES', unitName: 'Dinas Kesehatan', count: 2 },
      { unitCode: 'DLH', unitName: 'Dinas Lingkungan Hidup', count: 2 },
    ]);
    expect(summary.byYear).toEqual([{ year, count: 4 }]);
  });

  it('reports working days per stage from the timeline and agreements expiring soon', async () => {
    const summary = (await t.http.get('/api/reports/summary', tokens.auditor)).body;
    const verification = summary.stageDurations.find(
      (row: { stage: string }) => row.stage === 'verification',
    );
    expect(verification).toMatchObject({
      completed: 1,
      inProgress: 1,
      averageWorkingDays: 0,
      defaultSlaWorkingDays: 3,
    });
    expect(summary.stageDurations.map((row: { stage: string }) => row.stage)).not.toContain('implementation');
    expect(summary.expiring.map((row: { withinDays: number }) => row.withinDays)).toEqual([30, 90, 180]);
  });

  it('shows an office only its own agreements', async () => {
    const summary = (await t.http.get('/api/reports/summary', tokens['kepala.dinkes'])).body;
    expect(summary.total).toBe(2);
    expect(summary.byUnit.map((row: { unitCode: string }) => row.unitCode)).toEqual(['DINKES']);
    expect((await t.http.get('/api/reports/summary')).status).toBe(401);
  });
});

describe('the list as CSV', () => {
  it('opens in a spreadsheet: BOM, CRLF, quoted cells and formulas made inert', async () => {
    const response = await t.http.get('/api/reports/agreements.csv?unitCode=DLH&sort=title', tokens.auditor);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="kerja-sama-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    // fetch's text() drops a byte-order mark, so the bytes are read as they came.
    const raw = await fetch(`${t.baseUrl}/api/reports/agreements.csv?unitCode=DLH&sort=title`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    const bytes = Buffer.from(await raw.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')).toEqual([expect.any(String), expect.any(String), expect.any(String), '']);
    expect(text).toContain(`"'=1+2 Pengelolaan sampah, ""terpadu"""`);

    const [header, ...rows] = parseCsv(text);
    expect(header![0]).toBe('Kode lacak');
    expect(rows.map((row) => row[1])).toEqual([
      '\'=1+2 Pengelolaan sampah, "terpadu"',
      PROPOSALS.airBaku.title,
    ]);
    expect(rows[0]![4]).toBe('PT Kebersihan; Jaya');
  });

  it('lists only what the caller may read', async () => {
    const text = (await t.http.get('/api/reports/agreements.csv', tokens['pemrakarsa.dinkes']))
      .body as string;
    const titles = parseCsv(text)
      .slice(1)
      .map((row) => row[1]);
    expect(titles.sort()).toEqual([PROPOSALS.arab.title, PROPOSALS.kesehatan.title].sort());
  });
});

describe('the semester recap', () => {
  it('lists each agreement in force in the semester with its monitoring status', async () => {
    const response = await t.http.get(`/api/reports/semester?year=${year}&half=${half}`, tokens.verifikator);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ year, half, total: 1 });
    expect(response.body.items[0]).toMatchObject({
      id: ids.kesehatan,
      unitName: 'Dinas Kesehatan',
      stage: 'implementation',
      partners: [{ name: 'Universitas Airlangga', type: 'perguruan_tinggi' }],
      monitoring: { filed: 1, accepted: 1, overdue: 0, status: 'up_to_date' },
    });

    const previous = await t.http.get(
      `/api/reports/semester?year=${year - 1}&half=${half}`,
      tokens.verifikator,
    );
    expect(previous.body.total).toBe(0);
  });

  it('refuses a semester that does not exist', async () => {
    for (const query of ['year=2026&half=3', 'half=1', 'year=abc&half=1', 'year=1800&half=1']) {
      const response = await t.http.get(`/api/reports/semester?${query}`, tokens.verifikator);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('invalid_input');
    }
  });

  it('exports the recap as CSV with the monitoring status in Indonesian', async () => {
    const response = await t.http.get(`/api/reports/semester.csv?year=${year}&half=${half}`, tokens.auditor);
    expect(response.headers.get('content-disposition')).toContain(
      `rekap-kerja-sama-${year}-semester-${half}.csv`,
    );
    const [header, row] = parseCsv(response.body as string);
    expect(header).toContain('Status monitoring');
    expect(row).toContain('Laporan lengkap');
    expect(row).toContain(PROPOSALS.kesehatan.title);
  });

  it('renders a self-contained printable page with every value escaped', async () => {
    const response = await t.http.get(`/api/reports/semester.html?year=${year}&half=${half}`, tokens.auditor);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    // A page, unlike the API's JSON: it carries the document-only headers too.
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('origin-agent-cluster')).toBe('?1');
    const html = response.body as string;
    expect(html).toContain('Layanan kesehatan ꦱꦸꦫꦧꦪ &lt;script&gt;alert(1)&lt;/script&gt; &amp; keliling');
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('Semester ' + half);
  });
});
