/**
 * The embedded all-in-one start (`npm start`): the Temporal dev server from the pinned CLI
 * (SQLite under DATA_DIR), PGlite under DATA_DIR unless DATABASE_URL is set, migrations, demo
 * users, then worker and API in this process. Ctrl-C stops everything; starting again resumes
 * every agreement where it was, timers included, because both stores persist under DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config.js';
import { ensureTemporalCli, startDevServer } from './infra/temporal-cli.js';
import { createLogger } from './logger.js';
import { startBanner } from './start-banner.js';
import { startSystem } from './system.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
fs.mkdirSync(config.dataDir, { recursive: true });

let temporalAddress = config.TEMPORAL_ADDRESS;
let devServer: Awaited<ReturnType<typeof startDevServer>> | null = null;
if (!temporalAddress) {
  const cliPath = await ensureTemporalCli();
  logger.info({ cliPath }, 'starting the Temporal dev server');
  devServer = await startDevServer({
    cliPath,
    port: config.TEMPORAL_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    namespace: config.TEMPORAL_NAMESPACE,
    logFile: path.join(config.dataDir, 'temporal.log'),
  });
  temporalAddress = devServer.address;
}

const system = await startSystem({ config, logger, temporalAddress, seedDemoUsers: true });
const base = system.url!.replace('127.0.0.1', 'localhost');
const databaseText =
  system.database.driver === 'pglite' ? `PGlite in ${path.join(config.dataDir, 'pglite')}` : 'DATABASE_URL';
const banner = startBanner({
  base,
  temporalUi: devServer?.uiUrl ?? null,
  database: databaseText,
  email: config.SMTP_URL ? 'SMTP_URL' : `.eml files in ${path.join(config.dataDir, 'outbox')}`,
  demoPassword: system.demoPassword,
});
process.stdout.write(banner);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await system.close().catch((error) => logger.error({ err: error }, 'error while stopping'));
    await devServer?.stop();
    process.exit(0);
  });
}
