/**
 * The permission matrix of domain.md, walked cell by cell over HTTP: every subject (each role,
 * offices of the agreement's own unit and of another unit, and the public) × every action ×
 * every stage an agreement of the longest path (ksdpl KSB) passes through, including revision
 * and the terminal stages. Each cell expects allow, 403 (may see, may not act) or 404 (may
 * not see); the public gets 401. Refusals run before the one allowed change of each stage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_RULES, type ActiveStage } from '../../src/domain/stages.js';
import { DEFAULT_SLAS } from '../../src/domain/sla.js';
import { agreementAt, decideWithDocuments, signingData, uploadDocument } from '../support/drive.js';
import { startTestSystem, type HttpResponse, type TestSystem } from '../support/system.js';

interface Subject {
  label: string;
  user: string | null;
  roles: string[];
  ownUnit: boolean;
}

const OFFICE = 'pemrakarsa.dinkes';
const SUBJECTS: Subject[] = [
  { label: 'initiator (own unit)', user: OFFICE, roles: ['initiator'], ownUnit: true },
  { label: 'initiator (other unit)', user: 'pemrakarsa.dlh', roles: ['initiator'], ownUnit: false },
  { label: 'unit_head (own unit)', user: 'kepala.dinkes', roles: ['unit_head'], ownUnit: true },
  { label: 'unit_head (other unit)', user: 'kepala.hukum', roles: ['unit_head'], ownUnit: false },
  { label: 'verifier', user: 'verifikator', roles: ['verifier'], ownUnit: false },
  { label: 'legal', user: 'hukum', roles: ['legal'], ownUnit: false },
  { label: 'tkksd', user: 'tkksd', roles: ['tkksd'], ownUnit: false },
  { label: 'approver', user: 'sekda', roles: ['approver'], ownUnit: false },
  { label: 'head', user: 'walikota', roles: ['head'], ownUnit: false },
  { label: 'auditor', user: 'auditor', roles: ['auditor'], ownUnit: false },
  { label: 'admin', user: 'admin', roles: ['admin'], ownUnit: false },
  { label: 'public', user: null, roles: [], ownUnit: false },
];

const proposal = (durationMonths: number) => ({
  kind: 'ksdpl',
  instrument: 'ksb',
  title: 'Kota kembar bidang kesehatan masyarakat',
  partners: [{ name: 'Kota Kitakyushu', type: 'pemda_luar_negeri', country: 'JP' }],
  unitCode: 'DINKES',
  purpose: 'Pertukaran pengalaman layanan kesehatan primer.',
  scope: 'Pelatihan tenaga kesehatan dan kunjungan kerja.',
  durationMonths,
  initiatedBy: 'region',
});

type Action = 'read' | 'upload' | 'decide' | 'deadline' | 'report' | 'review' | 'terminate' | 'dossier';
type Expected = 'allow' | 401 | 403 | 404;

let t: TestSystem;
const tokens: Record<string, string> = {};
const cells: { subject: string; action: string; stage: string; expected: Expected; status: number }[] = [];

beforeAll(async () => {
  // A term day lasts 0.2 s: a 7-month agreement reaches evaluation ~6 s after signing, ends ~42 s after.
  t = await startTestSystem({ DEMO_TERM_DAY_SECONDS: '0.2', RATE_LIMIT_PER_MINUTE: '100000' });
  for (const subject of SUBJECTS) if (subject.user) tokens[subject.user] = await t.login(subject.user);
  // A colleague in the other office, so its initiator has someone to hand the role to.
  const colleague = { username: 'staf.dlh', name: 'Staf DLH', email: 'staf.dlh@simboisker.localhost' };
  const account = { ...colleague, password: 'sandi-panjang-sekali', roles: ['initiator'], unitCode: 'DLH' };
  const created = await t.http.post('/api/admin/users', account, tokens.admin);
  expect(created.status).toBe(201);
});
afterAll(async () => {
  const mismatches = cells.filter((cell) => !matches(cell.expected, cell.status));
  console.info(`permission matrix: ${cells.length} cells, ${mismatches.length} mismatches`);
  await t?.close();
});

function matches(expected: Expected, status: number): boolean {
  return expected === 'allow' ? status >= 200 && status < 300 : status === expected;
}

/** May this subject see an agreement of DINKES at this stage? (domain.md, first row) */
function canSee(subject: Subject, stage: string): boolean {
  if (subject.roles.some((role) => role === 'auditor' || role === 'admin')) return true;
  if (subject.ownUnit) return true;
  const reviewer = subject.roles.some((role) => ['verifier', 'legal', 'tkksd', 'approver', 'head'].includes(role));

  return reviewer && stage !== 'draft';
}

function mayAct(subject: Subject, action: Action, stage: string): boolean {
  const has = (role: string) => subject.roles.includes(role);
  switch (action) {
    case 'read':
      return true;
    case 'upload':
      return has('initiator') && subject.ownUnit;
    case 'decide': {
      const role = STAGE_RULES[stage as ActiveStage]?.role;
      return Boolean(role && has(role) && (role !== 'initiator' || subject.ownUnit));
    }
    case 'report':
      return (has('initiator') || has('unit_head')) && subject.ownUnit;
    case 'review':
    case 'deadline':
      return has('verifier');
    case 'terminate':
      return has('verifier') || has('approver');
    case 'dossier':
      return has('auditor');
  }
}

function expectedFor(subject: Subject, action: Action, stage: string): Expected {
  if (!subject.user) return 401;
  if (!canSee(subject, stage)) return 404;

  return mayAct(subject, action, stage) ? 'allow' : 403;
}

async function check(
  subject: Subject,
  action: string,
  stage: string,
  expected: Expected,
  send: () => Promise<HttpResponse>,
) {
  const response = await send();
  cells.push({ subject: subject.label, action, stage, expected, status: response.status });

  return response;
}

/** The request for an action on an agreement, sent with the subject's token. */
function requestFor(action: Action, id: string, stage: string, token: string | undefined, reportId?: string) {
  const decision = STAGE_RULES[stage as ActiveStage]?.decisions[0];
  const post = (url: string, body: object) => t.http.post(url, body, token);
  switch (action) {
    case 'read':
      return () => t.http.get(`/api/agreements/${id}`, token);
    case 'upload':
      return () =>
        token ? uploadDocument(t, token, id, 'lainnya') : t.http.request('POST', `/api/agreements/${id}/documents`);
    case 'decide':
      return () => post(`/api/agreements/${id}/decisions`, { stage, decision, note: 'uji matriks' });
    case 'deadline':
      return () => post(`/api/agreements/${id}/deadline`, { workingDays: 5, reason: 'uji matriks' });
    case 'report':
      return () =>
        post(`/api/agreements/${id}/reports`, { period: '2026-S1', activities: 'Pelatihan', progressPercent: 10 });
    case 'review':
      return () =>
        post(`/api/agreements/${id}/reports/${reportId ?? '00000000-0000-4000-8000-000000000000'}/review`, {
          decision: 'accept',
          note: 'diterima',
        });
    case 'terminate':
      return () => post(`/api/agreements/${id}/terminate`, { reason: 'agreed_by_parties', note: 'uji matriks' });
    case 'dossier':
      return () => t.http.get(`/api/agreements/${id}/dossier`, token);
  }
}

function actionsAt(stage: string): Action[] {
  const actions: Action[] = ['read', 'upload', 'dossier'];
  const open = STAGE_RULES[stage as ActiveStage] && stage !== 'draft';
  if (open && DEFAULT_SLAS[stage as ActiveStage]) actions.push('deadline');
  if (stage === 'implementation' || stage === 'evaluation') actions.push('report', 'terminate');
  if (stage === 'implementation') actions.push('review');
  if (STAGE_RULES[stage as ActiveStage]) actions.push('decide');

  return actions;
}

/**
 * Walks one stage: every refusal first (they change nothing), then the allowed cells in an
 * order that keeps the agreement where it is until its one stage-changing decision. Terminate
 * is allowed on its own agreements (`terminators`), since it ends the one it hits.
 */
async function walkStage(stage: string, id: string, terminators: Record<string, string> = {}) {
  const actions = actionsAt(stage);
  const allowed: [Subject, Action][] = [];
  for (const action of actions) {
    for (const subject of SUBJECTS) {
      const expected = expectedFor(subject, action, stage);
      if (expected === 'allow') allowed.push([subject, action]);
      else await check(subject, action, stage, expected, requestFor(action, id, stage, tokens[subject.user ?? '']));
    }
  }

  const order: Action[] = ['read', 'upload', 'dossier', 'deadline', 'report', 'review', 'terminate', 'decide'];
  let reportId: string | undefined;
  for (const action of order) {
    for (const [subject, act] of allowed.filter(([, a]) => a === action)) {
      const token = tokens[subject.user!]!;
      if (act === 'terminate') {
        const target = terminators[subject.user!]!;
        await check(subject, act, stage, 'allow', requestFor(act, target, stage, token));
      } else if (act === 'decide') {
        const decision = STAGE_RULES[stage as ActiveStage]!.decisions[0]!;
        const extra = stage === 'signing' ? signingData(id.slice(0, 8)) : {};
        await check(subject, act, stage, 'allow', () =>
          decideWithDocuments(t, tokens, { id, user: subject.user!, office: OFFICE, stage, decision, extra }),
        );
      } else {
        const response = await check(subject, act, stage, 'allow', requestFor(act, id, stage, token, reportId));
        if (act === 'report') reportId ??= response.body.reportId;
      }
    }
  }
}

async function waitForStage(id: string, stage: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await t.http.get(`/api/agreements/${id}`, tokens.auditor);
    if (detail.body.stage === stage) return;
    if (Date.now() > deadline) throw new Error(`agreement stayed in ${detail.body.stage}, expected ${stage}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function mismatchesOf(stages: string[]) {
  return cells
    .filter((cell) => stages.includes(cell.stage) && !matches(cell.expected, cell.status))
    .map((cell) => `${cell.subject} ${cell.action} at ${cell.stage}: expected ${cell.expected}, got ${cell.status}`);
}

describe('the permission matrix', () => {
  const processStages = [
    'draft', 'verification', 'tkksd_review', 'offer', 'drafting', 'legal_review', 'leadership_approval',
    'dprd_approval', 'ministry_approval', 'signing', 'revision',
  ];
  let terminatedId: string;

  it('holds at every stage of the process, from draft to signing and in revision', async () => {
    const ids = await Promise.all(
      processStages.map((stage) => agreementAt(t, tokens, proposal(120), stage, OFFICE).then((a) => a.id)),
    );
    for (const [index, stage] of processStages.entries()) await walkStage(stage, ids[index]!);

    expect(mismatchesOf(processStages)).toEqual([]);
  });

  it('holds during implementation, with reports, their review and termination', async () => {
    const [main, byVerifier, byApprover] = await Promise.all(
      [0, 1, 2].map(() => agreementAt(t, tokens, proposal(120), 'implementation', OFFICE).then((a) => a.id)),
    );
    await walkStage('implementation', main!, { verifikator: byVerifier!, sekda: byApprover! });
    terminatedId = byVerifier!;

    expect(mismatchesOf(['implementation'])).toEqual([]);
  });

  it('holds in evaluation, and after the agreement ends by itself', async () => {
    const [main, byVerifier, byApprover] = await Promise.all(
      [0, 1, 2].map(() => agreementAt(t, tokens, proposal(7), 'implementation', OFFICE).then((a) => a.id)),
    );
    for (const id of [main, byVerifier, byApprover]) await waitForStage(id!, 'evaluation', 30_000);
    await walkStage('evaluation', main!, { verifikator: byVerifier!, sekda: byApprover! });

    await waitForStage(main!, 'ended', 90_000);
    await walkStage('ended', main!);
    expect(mismatchesOf(['evaluation', 'ended'])).toEqual([]);
  }, 240_000);

  it('holds at the other terminal stages: terminated, rejected and withdrawn', async () => {
    const rejected = await agreementAt(t, tokens, proposal(120), 'verification', OFFICE);
    const withdrawn = await agreementAt(t, tokens, proposal(120), 'revision', OFFICE);
    const reject = { id: rejected.id, user: 'verifikator', office: OFFICE, stage: 'verification', decision: 'reject' };
    expect((await decideWithDocuments(t, tokens, reject)).status).toBe(200);
    const withdraw = { id: withdrawn.id, user: OFFICE, office: OFFICE, stage: 'revision', decision: 'withdraw' };
    expect((await decideWithDocuments(t, tokens, withdraw)).status).toBe(200);

    await walkStage('terminated', terminatedId);
    await walkStage('rejected', rejected.id);
    await walkStage('withdrawn', withdrawn.id);
    expect(mismatchesOf(['terminated', 'rejected', 'withdrawn'])).toEqual([]);
  });

  it('holds for the actions outside any one agreement', async () => {
    const inAMonth = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const delegateTo: Record<string, [string, string]> = {
      [OFFICE]: ['kepala.dinkes', 'initiator'],
      'pemrakarsa.dlh': ['staf.dlh', 'initiator'],
      'kepala.dinkes': [OFFICE, 'unit_head'],
      'kepala.hukum': ['hukum', 'unit_head'],
      verifikator: ['kepala.pem', 'verifier'],
      hukum: ['kepala.hukum', 'legal'],
      tkksd: ['sekda', 'tkksd'],
      sekda: ['walikota', 'approver'],
      walikota: ['sekda', 'head'],
      auditor: ['sekda', 'auditor'],
      admin: ['sekda', 'admin'],
    };
    const expectAll = (subject: Subject, ok: boolean): Expected => (!subject.user ? 401 : ok ? 'allow' : 403);
    const forKepalaPem = { toUsername: 'verifikator', role: 'unit_head', holderUsername: 'kepala.pem' };

    for (const subject of SUBJECTS) {
      const token = subject.user ? tokens[subject.user] : undefined;
      const has = (role: string) => subject.roles.includes(role);
      await check(subject, 'create', '-', expectAll(subject, has('initiator') && subject.ownUnit), () =>
        t.http.post('/api/agreements', proposal(12), token),
      );
      // Future periods, so no delegation is in force while the other cells run.
      const [to, role] = delegateTo[subject.user ?? 'admin']!;
      const period = { from: inAMonth(40), until: inAMonth(45), warrantNumber: '800/9/2026' };
      const mayDelegate = !has('auditor') && !has('admin');
      await check(subject, 'delegate own role', '-', expectAll(subject, mayDelegate), () =>
        t.http.post('/api/delegations', { ...period, toUsername: to, role }, token),
      );
      await check(subject, "delegate another's role", '-', expectAll(subject, has('admin')), () =>
        t.http.post('/api/delegations', { ...period, ...forKepalaPem }, token),
      );
      await check(subject, 'reports', '-', expectAll(subject, true), () => t.http.get('/api/reports/summary', token));
      const reads: [string, string, boolean][] = [
        ['audit verify', '/api/audit/verify', has('auditor')],
        ['admin users', '/api/admin/users', has('admin')],
        ['admin units', '/api/admin/units', has('admin')],
        ['admin calendar', '/api/admin/calendar', has('admin')],
        ['admin settings', '/api/admin/settings', has('admin')],
      ];
      for (const [action, url, ok] of reads) {
        await check(subject, action, '-', expectAll(subject, ok), () => t.http.get(url, token));
      }
    }

    expect(mismatchesOf(['-'])).toEqual([]);
  });
});
