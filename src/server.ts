/** The API process alone, for deployments that scale API and worker separately. */
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startSystem } from './system.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS must be set for the API process');

const system = await startSystem({
  config,
  logger,
  temporalAddress: config.TEMPORAL_ADDRESS,
  runWorker: false,
  seedDemoUsers: Boolean(config.DEMO_PASSWORD),
});
logger.info({ url: system.url }, 'api listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void system.close().then(() => process.exit(0)));
}
