/** Creates the worker that runs agreement workflows and their activities on one task queue. */
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { activityLogContext } from './activity-log-context.js';
import { bundleWorkflows } from './bundle.js';

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A bundle built once (tests); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  /** An existing connection to share (tests); otherwise one is opened. */
  connection?: NativeConnection;
}

export async function createAgreementWorker(options: WorkerOptions): Promise<Worker> {
  const connection = options.connection ?? (await NativeConnection.connect({ address: options.address }));

  return Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities(options.deps),
    maxCachedWorkflows: options.deps.config.TEMPORAL_MAX_CACHED_WORKFLOWS,
    interceptors: { activity: [activityLogContext(options.deps.logger)] },
  });
}
