/**
 * Assembles the running product from its parts: database (migrated, calendar seeded), the
 * Temporal client and worker, and the HTTP API. Used by the embedded start, by the separate
 * server and worker processes, and by the tests, so they all run the same wiring.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createMailer } from './activities/mailer.js';
import { buildApp } from './api/app.js';
import { createWorkflowGateway } from './api/workflow-gateway.js';
import type { Config } from './config.js';
import { seedHolidays } from './db/calendar.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { seedDemo } from './db/seed.js';
import { createAgreementWorker } from './temporal/worker.js';

export interface SystemOptions {
  config: Config;
  logger: Logger;
  temporalAddress: string;
  runApi?: boolean;
  runWorker?: boolean;
  seedDemoUsers?: boolean;
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
}

export interface RunningSystem {
  database: DatabaseHandle;
  client: Client;
  app: FastifyInstance | null;
  worker: Worker | null;
  /** Base URL of the API when it runs. */
  url: string | null;
  /** The generated demo password, when demo users were created just now without DEMO_PASSWORD. */
  demoPassword: string | null;
  close(): Promise<void>;
}

let runtimeLoggerInstalled = false;

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const { config, logger } = options;
  installRuntimeLogger(logger);

  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
  await database.migrate();
  await seedHolidays(database.db);
  const seeded = options.seedDemoUsers ? await seedDemo(database.db, { password: config.DEMO_PASSWORD }) : null;

  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    outboxDir: path.join(config.dataDir, 'outbox'),
  });

  let worker: Worker | null = null;
  let workerRun: Promise<void> | null = null;
  let nativeConnection: NativeConnection | null = null;
  if (options.runWorker !== false) {
    nativeConnection = await NativeConnection.connect({ address: options.temporalAddress });
    worker = await createAgreementWorker({
      address: options.temporalAddress,
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowBundle: options.workflowBundle,
      deps: { db: database.db, config, mailer, logger: logger.child({ component: 'activities' }), temporal: client },
    });
    workerRun = worker.run();
  }

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (options.runApi !== false) {
    const gateway = createWorkflowGateway(client, config.TEMPORAL_TASK_QUEUE);
    app = await buildApp({ db: database.db, config, gateway, temporal: client }, logger);
    url = await app.listen({ port: config.PORT, host: config.HOST });
  }

  return {
    database,
    client,
    app,
    worker,
    url,
    demoPassword: seeded?.password ?? null,
    async close() {
      await app?.close();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun?.catch((error) => logger.error({ err: error }, 'worker stopped with an error'));
      await nativeConnection?.close();
      await connection.close();
      mailer.close();
      await database.close();
    },
  };
}

/** Temporal's own runtime logs go to the same sink as ours (once per process). */
function installRuntimeLogger(logger: Logger) {
  if (runtimeLoggerInstalled) return;
  runtimeLoggerInstalled = true;
  const temporalLogger = logger.child({ component: 'temporal' });
  const log = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, meta?: object) =>
    temporalLogger[level](meta ?? {}, message);
  try {
    Runtime.install({
      logger: {
        log: (level, message, meta) => log(level.toLowerCase() as 'info')(message, meta),
        trace: log('trace'),
        debug: log('debug'),
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
      },
    });
  } catch {
    // A runtime was already installed in this process (tests create several systems).
  }
}
