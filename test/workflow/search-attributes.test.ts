/**
 * Operators filter agreements in the Temporal UI by search attributes: stage, kind, unit,
 * tracking code, due date and overdue. They must follow the workflow as it moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideUpdate, readyUpdate } from '../../src/workflows/messages.js';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness({ timeSkipping: false });
});
afterAll(async () => h?.close());

async function listIds(query: string, expected: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids: string[] = [];
    for await (const execution of h.env.client.workflow.list({ query })) ids.push(execution.workflowId);
    if (ids.includes(expected) || Date.now() > deadline) return ids;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('search attributes for the Temporal UI', () => {
  it('lists an agreement by stage, unit, kind and tracking code, and follows it to the next stage', async () => {
    const agreement = await h.newAgreement({ kind: 'ksdpk', partners: [{ name: 'PT Mitra', type: 'swasta' }] });
    const workflowId = `agreement-${agreement.agreementId}`;
    await h.run(async () => {
      const handle = await h.env.client.workflow.start('agreementWorkflow', {
        taskQueue: h.taskQueue,
        workflowId,
        args: [{ agreement, submitOnStart: true }],
      });
      await handle.executeUpdate(readyUpdate);
      const inVerification = `AgreementStage = "verification" AND UnitCode = "DLH" AND AgreementKind = "ksdpk" AND TrackingCode = "${agreement.trackingCode}"`;
      expect(await listIds(inVerification, workflowId)).toContain(workflowId);
      expect(await listIds(`${inVerification} AND Overdue = false AND DueAt > "${new Date().toISOString()}"`, workflowId)).toContain(workflowId);

      await handle.executeUpdate(decideUpdate, {
        args: [{ stage: 'verification', decision: 'approve', note: '', actor: { username: 'verifikator', name: 'V', roles: ['verifier'], unitCode: 'PEM' } }],
      });
      const inReview = `AgreementStage = "tkksd_review" AND TrackingCode = "${agreement.trackingCode}"`;
      expect(await listIds(inReview, workflowId)).toContain(workflowId);
      expect(await listIds(inVerification, 'none', 1000)).not.toContain(workflowId);
      await handle.terminate('test finished');
    });
  });
});
