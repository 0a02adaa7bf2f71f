/**
 * What the backup-and-restore test does to agreements over HTTP (create, upload, walk a path),
 * and how it looks at them: the detail each shows, every document's SHA-256 as listed and as
 * downloaded, and whether any workflow still has work in flight.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { workflowIdFor } from '../../src/api/workflow-gateway.js';
import { rowsOf } from '../../src/db/client.js';
import type { Product } from './backup-stack.js';
import { createAgreement, decide, proposal } from './fault-clients.js';
import type { FaultSmtp } from './fault-smtp.js';
import { tinyPdf } from './files.js';
import { download, sha256Of, uploadDocument } from './uploads.js';

export async function created(product: Product, token: string, title: string): Promise<string> {
  const response = await createAgreement(product.http, token, proposal('DLH', `Uji pemulihan: ${title}`));
  expect(response.status).toBe(201);
  return response.body.id;
}

/** Created with its KAK and submitted: in verification, due in three (demo) working days. */
export async function inVerification(product: Product, token: string, title: string): Promise<string> {
  const id = await created(product, token, title);
  await attach(product, id, token, 'kak');
  expect((await decide(product.http, token, id, 'draft', 'submit')).status).toBe(200);
  return id;
}

export const reminderFor = (trackingCode: string) => (mail: FaultSmtp['messages'][number]) =>
  mail.subject?.includes('Pengingat') === true && mail.text?.includes(trackingCode) === true;

export async function attach(product: Product, id: string, token: string, type: string) {
  const uploaded = await uploadDocument(product.http, id, token, type, tinyPdf(`${type} ${id}`));
  expect(uploaded.status, `upload ${type}`).toBe(201);
}

/** Every review stage, each by its own role with the document it needs, up to the signed term. */
export async function walkToTerm(product: Product, id: string, t: Record<string, string>) {
  const signedAt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
  const steps: [string, string, string, string?][] = [
    ['pemrakarsa.dlh', 'draft', 'submit', 'kak'],
    ['verifikator', 'verification', 'approve'],
    ['tkksd', 'tkksd_review', 'approve'],
    ['verifikator', 'offer', 'approve', 'tanggapan_mitra'],
    ['pemrakarsa.dlh', 'drafting', 'submit', 'draft_pks'],
    ['hukum', 'legal_review', 'approve'],
    ['sekda', 'leadership_approval', 'approve'],
    ['verifikator', 'signing', 'approve', 'signed_pks'],
  ];
  for (const [user, stage, decision, document] of steps) {
    if (document) await attach(product, id, t[user]!, document);
    const ourNumber = `180/${id.slice(0, 6)}/35.73.112/2026`;
    const signing = { signedAt, ourNumber, partnerNumbers: ['180/1/35.07/2026'] };
    const body = { stage, decision, note: `${decision} (uji pemulihan)`, ...(stage === 'signing' ? { signing } : {}) };
    const response = await product.http.post(`/api/agreements/${id}/decisions`, body, t[user]);
    expect(response.status, `${user} ${decision} at ${stage}: ${JSON.stringify(response.body)}`).toBe(200);
  }
}

/**
 * Waits until nothing is in flight: no agreement workflow has an activity or a workflow task
 * pending, and every recorded email is sent (or has failed for good).
 */
export async function settled(product: Product, ids: string[]) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const busy = await Promise.all(ids.map(async (id) => {
      const { raw } = await product.system.client.workflow.getHandle(workflowIdFor(id)).describe();
      return (raw.pendingActivities?.length ?? 0) > 0 || Boolean(raw.pendingWorkflowTask);
    }));
    const unsent = rowsOf<{ n: string }>(await product.system.database.db.execute(sql`
      select count(*) as n from emails where sent_at is null and failed_at is null`))[0]!.n;
    if (!busy.some(Boolean) && Number(unsent) === 0) return;
    if (Date.now() > deadline) throw new Error(`still busy after 60 s (${unsent} emails unsent)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function details(product: Product, ids: string[], token: string) {
  return Promise.all(ids.map(async (id) => (await product.http.get(`/api/agreements/${id}`, token)).body));
}

/** Every version of every document: its listed SHA-256 and the SHA-256 of its downloaded bytes. */
export async function documentHashes(product: Product, ids: string[], token: string) {
  const found: { type: string; version: number; listed: string; downloaded: string }[] = [];
  for (const id of ids) {
    const list = await product.http.get(`/api/agreements/${id}/documents`, token);
    for (const document of list.body.items) {
      for (const version of document.versions) {
        const got = await download(product.baseUrl, version.url, token);
        expect(got.status).toBe(200);
        const downloaded = sha256Of(got.bytes);
        found.push({ type: document.type, version: version.version, listed: version.sha256, downloaded });
      }
    }
  }

  return found;
}
