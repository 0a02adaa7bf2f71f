/**
 * A bare worker process for the baseline workflows: no activities, no database. Env:
 * TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, BUNDLE_PATH. Prints `worker running` once polling.
 */
import { NativeConnection, Worker } from '@temporalio/worker';

const address = process.env.TEMPORAL_ADDRESS!;
const taskQueue = process.env.TEMPORAL_TASK_QUEUE!;
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({ connection, taskQueue, workflowBundle: { codePath: process.env.BUNDLE_PATH! } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.shutdown());
const running = worker.run();
console.log('worker running');
await running;
await connection.close();
