/**
 * Child process: the Update baseline. Each lane sends `bump` Updates to its own counter
 * workflow, one after the other, and times each round trip.
 * Input `{ address, workflowIds, durationSec, warmupSec }`.
 */
import { Client, Connection } from '@temporalio/client';
import { bumpUpdate } from '../baseline/workflows.js';
import { answer, readInput } from '../support/child.js';
import { summarize } from '../support/stats.js';

interface Input {
  address: string;
  workflowIds: string[];
  durationSec: number;
  warmupSec: number;
}

const input = await readInput<Input>();
const connection = await Connection.connect({ address: input.address });
const client = new Client({ connection });
const samples: number[] = [];
let errors = 0;
const measureFrom = Date.now() + input.warmupSec * 1000;
const end = measureFrom + input.durationSec * 1000;

await Promise.all(
  input.workflowIds.map(async (workflowId) => {
    const handle = client.workflow.getHandle(workflowId);
    while (Date.now() < end) {
      const started = performance.now();
      try {
        await handle.executeUpdate(bumpUpdate, { args: [1] });
        if (Date.now() >= measureFrom) samples.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  }),
);
await connection.close();
answer({ latency: summarize(samples), perSecond: samples.length / input.durationSec, errors });
