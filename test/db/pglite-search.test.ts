/**
 * The embedded database (PGlite, used by `npm start` without DATABASE_URL) runs every
 * migration, including the pg_trgm extension and the generated search columns, and answers
 * the same search as PostgreSQL does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/permissions.js';
import { listAgreements } from '../../src/api/read/agreement-list.js';
import { listQuery } from '../../src/api/schemas.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { agreements, units } from '../../src/db/schema.js';

let handle: DatabaseHandle;
let dataDir: string;
const auditor: Actor = { username: 'auditor', name: 'Auditor', roles: ['auditor'], unitCode: 'INSPEKTORAT' };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-pglite-'));
  handle = await openDatabase({ dataDir });
  await handle.migrate();
  await handle.db.insert(units).values({ code: 'DLH', name: 'Dinas Lingkungan Hidup' });
  const row = (id: string, title: string, partner: string) => ({
    id,
    trackingCode: `KS-2026-${id.slice(0, 6).toUpperCase()}`,
    kind: 'ksdd',
    instrument: 'pks',
    title,
    partners: [{ name: partner, type: 'pemda' as const }],
    unitCode: 'DLH',
    purpose: 'Tujuan kerja sama.',
    scope: 'Ruang lingkup.',
    durationMonths: 12,
    dprdTrigger: { burdensPublic: false, unbudgeted: false },
    initiatedBy: 'region',
    createdBy: 'pemrakarsa.dlh',
    path: ['draft'],
    stage: 'draft',
    status: 'draft',
  });
  await handle.db
    .insert(agreements)
    .values([
      row('0a000000-0000-4000-8000-000000000001', 'Penyediaan air baku ꦱꦸꦫꦧꦪ', 'Kabupaten Malang'),
      row('0b000000-0000-4000-8000-000000000002', 'Pengelolaan sampah terpadu', 'Kota Batu'),
    ]);
}, 60_000);
afterAll(async () => {
  await handle?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const search = async (q: string) =>
  (await listAgreements(handle.db, auditor, listQuery.parse({ q }))).items.map((item) => item.title);

describe('search on the embedded database', () => {
  it('finds word prefixes, partner names and parts of words as on PostgreSQL', async () => {
    expect(await search('peny air')).toEqual(['Penyediaan air baku ꦱꦸꦫꦧꦪ']);
    expect(await search('batu')).toEqual(['Pengelolaan sampah terpadu']);
    expect(await search('gelola')).toEqual(['Pengelolaan sampah terpadu']);
    expect(await search('ꦸꦫꦧ')).toEqual(['Penyediaan air baku ꦱꦸꦫꦧꦪ']);
  });

  it('applies the migrations a second time without change', async () => {
    await expect(handle.migrate()).resolves.toBeUndefined();
  });
});
