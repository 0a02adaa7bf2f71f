/** The worker process alone: runs agreement workflows and activities on the task queue. */
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startSystem } from './system.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS must be set for the worker process');

const system = await startSystem({ config, logger, temporalAddress: config.TEMPORAL_ADDRESS, runApi: false });
logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void system.close().then(() => process.exit(0)));
}
