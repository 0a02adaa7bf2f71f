/**
 * Child process: the list and search shapes, one request at a time, first over HTTP (the
 * product) and then as the bare query (the product's own `listAgreements` on a database
 * connection, no HTTP), which is the baseline the API adds to.
 * Input `{ baseUrl, databaseUrl, token, actor, shapes: [{ name, queries }], samples, warmup }`.
 */
import { openDatabase } from '../../src/db/client.js';
import type { Actor } from '../../src/domain/permissions.js';
import { listAgreements } from '../../src/api/read/agreement-list.js';
import { listQuery } from '../../src/api/schemas.js';
import { answer, readInput } from '../support/child.js';
import { summarize } from '../support/stats.js';

interface Input {
  baseUrl: string;
  databaseUrl: string;
  token: string;
  actor: Actor;
  /** `example` shows in the table instead of the first query (a cursor is long and opaque). */
  shapes: { name: string; queries: string[]; example?: string }[];
  samples: number;
  warmup: number;
}

const input = await readInput<Input>();
const database = await openDatabase({ url: input.databaseUrl, dataDir: '/nonexistent' });
const results = [];

for (const shape of input.shapes) {
  const http: number[] = [];
  const direct: number[] = [];
  let total = -1;
  let totalCapped = false;
  for (let i = 0; i < input.warmup + input.samples; i += 1) {
    const query = shape.queries[i % shape.queries.length]!;
    const started = performance.now();
    const response = await fetch(`${input.baseUrl}/api/agreements?${query}`, { headers: { authorization: `Bearer ${input.token}` } });
    const body = (await response.json()) as { total: number; totalCapped: boolean };
    if (response.status !== 200) throw new Error(`${shape.name} ${query}: ${response.status} ${JSON.stringify(body)}`);
    if (i >= input.warmup) http.push(performance.now() - started);
    total = body.total;
    totalCapped = body.totalCapped;
  }
  for (let i = 0; i < input.warmup + input.samples; i += 1) {
    const query = listQuery.parse(Object.fromEntries(new URLSearchParams(shape.queries[i % shape.queries.length]!)));
    const started = performance.now();
    await listAgreements(database.db, input.actor, query);
    if (i >= input.warmup) direct.push(performance.now() - started);
  }
  const query = shape.example ?? shape.queries[0];
  results.push({ name: shape.name, query, total, totalCapped, http: summarize(http), direct: summarize(direct) });
}
await database.close();
answer(results);
