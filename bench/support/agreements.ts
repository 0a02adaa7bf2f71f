/**
 * Live agreements for the timer benchmarks: the projection row inserted as the API does, then
 * the workflow started submitted (submitOnStart), so each one waits on its verification due
 * date. Started many at a time, as a busy office would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { WorkflowGateway } from '../../src/api/workflow-gateway.js';
import type { Database } from '../../src/db/client.js';
import { agreements } from '../../src/db/schema.js';
import { planPath } from '../../src/domain/paths.js';
import type { Actor } from '../../src/domain/permissions.js';
import type { Stage } from '../../src/domain/stages.js';
import { formatTrackingCode } from '../../src/domain/tracking-code.js';

const INITIATOR: Actor = { username: 'pemrakarsa.dlh', name: 'Pemrakarsa DLH', roles: ['initiator'], unitCode: 'DLH' };
const FACTS = {
  kind: 'ksdd',
  instrument: 'pks',
  initiatedBy: 'region',
  dprdTrigger: { burdensPublic: false, unbudgeted: false },
} as const;

export interface StartedAgreements {
  ids: string[];
  elapsedMs: number;
}

/** Starts `count` submitted agreements, `concurrency` at a time; each answers after its first projection. */
export async function startSubmittedAgreements(
  db: Database,
  gateway: WorkflowGateway,
  count: number,
  options: { concurrency: number; label: string; onProgress?: (done: number) => void },
): Promise<StartedAgreements> {
  const ids: string[] = [];
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      ids.push(await startOne(db, gateway, `${options.label} ${index + 1}`));
      if (ids.length % 500 === 0) options.onProgress?.(ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, lane));

  return { ids, elapsedMs: performance.now() - started };
}

async function startOne(db: Database, gateway: WorkflowGateway, title: string): Promise<string> {
  const id = randomUUID();
  const path = planPath(FACTS) as Stage[];
  const trackingCode = await insertRow(db, id, title, path);
  await gateway.start({
    agreement: {
      agreementId: id,
      trackingCode,
      kind: FACTS.kind,
      instrument: FACTS.instrument,
      unitCode: INITIATOR.unitCode,
      title,
      durationMonths: 24,
      plannedStart: null,
      parentId: null,
      path,
      createdBy: INITIATOR,
    },
    submitOnStart: true,
  });

  return id;
}

async function insertRow(db: Database, id: string, title: string, path: Stage[]): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const trackingCode = formatTrackingCode(new Date().getFullYear(), randomBytes(4));
    const inserted = await db
      .insert(agreements)
      .values({
        id,
        trackingCode,
        ...FACTS,
        title,
        partners: [{ name: 'Pemerintah Kabupaten Malang', type: 'pemda' }],
        unitCode: INITIATOR.unitCode,
        purpose: 'Uji beban: menunggu verifikasi.',
        scope: 'Uji beban.',
        durationMonths: 24,
        createdBy: INITIATOR.username,
        path,
        stage: 'draft',
        status: 'draft',
      })
      .onConflictDoNothing({ target: agreements.trackingCode })
      .returning({ trackingCode: agreements.trackingCode });
    if (inserted[0]) return inserted[0].trackingCode;
  }
  throw new Error('could not allocate a unique tracking code');
}
