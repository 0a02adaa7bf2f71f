/**
 * Fault: requests that arrive twice, under load. Twenty creations and twenty submissions are
 * each sent twice at the same moment with one Idempotency-Key, and twenty pairs of verifiers
 * decide the same stage at the same moment: every pair yields one agreement or one decision,
 * the duplicate gets the first answer (or 409 while the first is still running), the loser of
 * a race gets 409 `stage_moved`, and the timeline and the audit log hold each act once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgreement, decide, proposal, uploadKak } from '../support/fault-clients.js';
import {
  auditChain,
  countAll,
  projectionMismatches,
  reportFault,
  tally,
  timelineGaps,
} from '../support/fault-ledger.js';
import { DEMO_PASSWORD, startFaultStack, type FaultStack } from '../support/fault-stack.js';
import type { HttpResponse } from '../support/system.js';

const PAIRS = 20;

let s: FaultStack;
const tokens: Record<string, string> = {};
const ids: string[] = [];
const figures: Record<string, unknown> = {};
const statusesOf = (pairs: HttpResponse[][]) => tally(pairs.flat().map((response) => response.status));

beforeAll(async () => {
  // Nothing here restarts Temporal, so it keeps its state in memory (faster than SQLite).
  s = await startFaultStack({ temporalStore: 'memory' });
  for (const user of ['pemrakarsa.dishub', 'verifikator', 'admin']) tokens[user] = await s.login(user);
  // A second verifier of the secretariat, so that two people can decide at once.
  const second = {
    username: 'verifikator.dua',
    name: 'Verifikator Kedua',
    email: 'verifikator.dua@simboisker.localhost',
    password: DEMO_PASSWORD,
    roles: ['verifier'],
    unitCode: 'PEM',
  };
  expect((await s.http.post('/api/admin/users', second, tokens.admin)).status).toBe(201);
  tokens['verifikator.dua'] = await s.login('verifikator.dua');
});
afterAll(async () => s?.close());

/** One of a pair did it; the other got the same answer replayed or 409 "still running". */
function expectOneAndItsEcho(pair: HttpResponse[], success: number) {
  const done = pair.find((response) => response.status === success);
  expect(done, JSON.stringify(pair.map((response) => response.body))).toBeDefined();
  const echo = pair.find((response) => response !== done)!;
  if (echo.status === success) expect(echo.body.id).toBe(done!.body.id);
  else expect(echo.body.error.code).toBe('conflict');
}

describe('the same request twice with one Idempotency-Key, twenty pairs at once', () => {
  it('creates one agreement per key and replays its answer', async () => {
    const office = tokens['pemrakarsa.dishub']!;
    const keys = Array.from({ length: PAIRS }, () => randomUUID());
    const bodies = keys.map((_, n) => proposal('DISHUB', `Uji permintaan ganda ${n}`));
    const twice = (n: number) => createAgreement(s.http, office, bodies[n]!, keys[n]);
    const pairs = await Promise.all(keys.map((_, n) => Promise.all([twice(n), twice(n)])));
    for (const pair of pairs) expectOneAndItsEcho(pair, 201);

    const replays = await Promise.all(keys.map((_, n) => twice(n)));
    const otherBody = await createAgreement(s.http, office, { ...bodies[0]!, title: 'Lain' }, keys[0]);
    for (const [n, replay] of replays.entries()) {
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(pairs[n]!.find((response) => response.status === 201)!.body.id);
      ids.push(replay.body.id);
    }
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.error.code).toBe('idempotency_conflict');
    const counts = await countAll(s.system.database.db, s.smtp);
    expect(counts.agreements).toBe(PAIRS);
    figures.creations = { pairs: PAIRS, statuses: statusesOf(pairs), rows: counts.agreements };
  });

  it('records one submission per key', async () => {
    const office = tokens['pemrakarsa.dishub']!;
    for (const id of ids) expect((await uploadKak(s.http, office, id)).status).toBe(201);
    const pairs = await Promise.all(
      ids.map((id) => {
        const key = randomUUID();
        const submit = () => decide(s.http, office, id, 'draft', 'submit', key);
        return Promise.all([submit(), submit()]);
      }),
    );
    for (const pair of pairs) expectOneAndItsEcho(pair, 200);
    const counts = await countAll(s.system.database.db, s.smtp);
    expect(counts.decisions).toBe(PAIRS);
    figures.submissions = { pairs: PAIRS, statuses: statusesOf(pairs), decisions: counts.decisions };
  });
});

describe('two verifiers deciding the same stage at the same moment, twenty pairs at once', () => {
  it('lets one win and answers the other 409, recording only the winner', async () => {
    const before = await countAll(s.system.database.db, s.smtp);
    const pairs = await Promise.all(
      ids.map((id) =>
        Promise.all([
          decide(s.http, tokens.verifikator!, id, 'verification', 'approve'),
          decide(s.http, tokens['verifikator.dua']!, id, 'verification', 'revise'),
        ]),
      ),
    );
    for (const pair of pairs) {
      expect(pair.map((response) => response.status).sort()).toEqual([200, 409]);
      expect(pair.find((response) => response.status === 409)!.body.error.code).toBe('stage_moved');
    }

    const db = s.system.database.db;
    const after = await countAll(db, s.smtp);
    expect(after.decisions).toBe(before.decisions + PAIRS);
    expect(after.auditDecisions).toBe(before.auditDecisions + PAIRS);
    expect(await timelineGaps(db)).toEqual([]);
    expect(await projectionMismatches(db, s.system.client)).toEqual([]);
    expect((await auditChain(db)).valid).toBe(true);
    const firstWon = pairs.filter((pair) => pair[0]!.status === 200).length;
    figures.races = { pairs: PAIRS, statuses: statusesOf(pairs), firstWon, secondWon: PAIRS - firstWon };
    reportFault('double-requests', { ...figures, before, after });
  });

  it('answers 409, not 404, to decisions that meet the agreement while its run is closing', async () => {
    const office = tokens['pemrakarsa.dishub']!;
    const fresh: string[] = [];
    for (let n = 0; n < PAIRS / 2; n += 1) {
      const created = await createAgreement(s.http, office, proposal('DISHUB', `Uji tolak bersamaan ${n}`));
      expect((await uploadKak(s.http, office, created.body.id)).status).toBe(201);
      expect((await decide(s.http, office, created.body.id, 'draft', 'submit')).status).toBe(200);
      fresh.push(created.body.id);
    }
    // A rejection ends the workflow; approvals follow every 5 ms for 40 ms, so that some meet
    // the run while it is closing (Temporal aborts those Updates) and some after it closed.
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const approve = (id: string) => decide(s.http, tokens['verifikator.dua']!, id, 'verification', 'approve');
    const groups = await Promise.all(
      fresh.map((id) =>
        Promise.all([
          decide(s.http, tokens.verifikator!, id, 'verification', 'reject'),
          ...Array.from({ length: 8 }, (_, k) => later(k * 5).then(() => approve(id))),
        ]),
      ),
    );

    for (const group of groups) {
      const refusals = group.filter((response) => response.status !== 200);
      expect(group.length - refusals.length).toBe(1);
      expect(refusals.map((response) => `${response.status} ${response.body.error?.code}`)).toEqual(
        refusals.map(() => '409 stage_moved'),
      );
    }
  });

  it('answers 409, not 404, to a decision on an agreement that closed a moment before', async () => {
    const office = tokens['pemrakarsa.dishub']!;
    const created = await createAgreement(s.http, office, proposal('DISHUB', 'Uji ditarik'));
    const id = created.body.id as string;
    expect((await uploadKak(s.http, office, id)).status).toBe(201);

    // Withdrawing ends the workflow; a submission from a page still showing the draft is stale.
    expect((await decide(s.http, office, id, 'draft', 'withdraw')).status).toBe(200);
    const late = await decide(s.http, office, id, 'draft', 'submit');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('stage_moved');
  });
});
