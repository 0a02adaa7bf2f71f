/**
 * `npm run restore -- --from DIR [--temporal-sqlite FILE | --temporal-pg-url URL ...]`
 *
 * Restores a backup made by `npm run backup` into empty services: the application database
 * (DATABASE_URL, an empty database; or DATA_DIR/pglite), DATA_DIR/documents and Temporal's
 * store (a SQLite file for the dev server, or empty PostgreSQL databases). First every file
 * is checked against the manifest and every target for emptiness, so a refusal changes
 * nothing; afterwards the restored database must show the figures the manifest recorded and
 * every document its blob. Then start Temporal, the API and the workers (same namespace and
 * task queue). Exit 0 on success.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { knownMigrations, stepLog, temporalStoreOf, type TemporalStore } from './backup-context.js';
import {
  assertAbsent,
  assertEmptyFolder,
  copyDocuments,
  copyFolder,
  copyNewFile,
  missingBlobs,
} from './backup-files.js';
import { figureDifferences, readFigures } from './backup-figures.js';
import { readManifest, verifyFiles, type Manifest } from './backup-manifest.js';
import { assertEmptyDatabase, restoreDump } from './backup-postgres.js';

/** Set once the first target is written: a failure after it leaves them partly filled. */
let writing = false;

const { values: args } = parseArgs({
  options: {
    from: { type: 'string' },
    'temporal-sqlite': { type: 'string' },
    'temporal-pg-url': { type: 'string', multiple: true },
  },
});

async function main() {
  if (!args.from) throw new Error('name the backup folder: npm run restore -- --from DIR');
  const from = path.resolve(args.from);
  const config = loadConfig();
  const log = stepLog('restore');
  const manifest = await readManifest(from);
  const temporal = temporalTarget(config, manifest);
  console.log(`restore: from ${from} (taken ${manifest.finishedAt} by ${manifest.product.version})`);

  // Checks first: nothing is written unless the backup is whole and every target is empty.
  assertCompatible(config, manifest);
  await log.step('checksums', async () => {
    const problems = await verifyFiles(from, manifest);
    if (problems.length > 0) throw new Error(`the backup does not match its manifest:\n  ${problems.join('\n  ')}`);
  }, () => `${manifest.files.length} files match the manifest`);
  await log.step('targets', () => assertTargetsEmpty(config, manifest, temporal), () => 'empty');
  writing = true;

  await log.step('database', () => restoreDatabase(config, manifest, from), () => manifest.database.driver);
  const documents = path.join(config.dataDir, 'documents');
  const blobs = await log.step('documents', () => copyDocuments(path.join(from, 'documents'), documents), (copied) =>
    `${copied.length} blobs`,
  );
  await log.step('temporal', () => restoreTemporal(temporal, manifest, from), () => describe(temporal));

  await log.step('verification', () => verifyRestored(config, manifest, blobs), (figures) =>
    `${figures.agreements} agreements, ${figures.events} events, ${figures.documentVersions} document versions, ` +
    `${figures.auditEntries} audit entries (chain ${figures.auditChainValid ? 'valid' : 'BROKEN as in the backup'}), ` +
    `${figures.emails} emails`,
  );
  console.log(`restore: done in ${(log.total() / 1000).toFixed(1)} s`);
  console.log(
    `restore: now start Temporal on ${describe(temporal)}, then the API and the workers with ` +
      `TEMPORAL_NAMESPACE=${manifest.temporal.namespace} TEMPORAL_TASK_QUEUE=${manifest.temporal.taskQueue}`,
  );
}

function temporalTarget(config: Config, manifest: Manifest): TemporalStore {
  const target = temporalStoreOf(config, { sqlite: args['temporal-sqlite'], pgUrls: args['temporal-pg-url'] });
  if (target.store !== manifest.temporal.store) {
    throw new Error(`the backup holds Temporal's ${manifest.temporal.store} store; restore it into the same kind`);
  }
  if (target.store === 'postgres' && target.urls.length !== manifest.temporal.locations.length) {
    const names = manifest.temporal.locations.join(', ');
    throw new Error(`give one --temporal-pg-url per dumped database, in this order: ${names}`);
  }

  return target;
}

/** Workflows wait on their task queue, and migrations only go forward. */
function assertCompatible(config: Config, manifest: Manifest) {
  const { namespace, taskQueue } = manifest.temporal;
  if (config.TEMPORAL_NAMESPACE !== namespace || config.TEMPORAL_TASK_QUEUE !== taskQueue) {
    throw new Error(
      `the backup's workflows live in namespace ${namespace} on task queue ${taskQueue}; set ` +
        `TEMPORAL_NAMESPACE and TEMPORAL_TASK_QUEUE to those ` +
        `(now ${config.TEMPORAL_NAMESPACE}, ${config.TEMPORAL_TASK_QUEUE})`,
    );
  }
  const { migrations } = manifest.database.figures;
  if (migrations > knownMigrations()) {
    const known = knownMigrations();
    throw new Error(`the backup has ${migrations} migrations, this code knows ${known}: use a newer release`);
  }
  if ((config.DATABASE_URL ? 'postgres' : 'pglite') !== manifest.database.driver) {
    throw new Error(`the backup holds a ${manifest.database.driver} database: set DATABASE_URL accordingly`);
  }
}

async function assertTargetsEmpty(config: Config, manifest: Manifest, temporal: TemporalStore) {
  if (manifest.database.driver === 'postgres') {
    await withPostgres(config.DATABASE_URL!, (db) => assertEmptyDatabase(db, 'DATABASE_URL'));
  } else {
    await assertEmptyFolder(path.join(config.dataDir, 'pglite'), 'DATA_DIR/pglite');
  }
  await assertEmptyFolder(path.join(config.dataDir, 'documents'), 'DATA_DIR/documents');
  if (temporal.store === 'sqlite') await assertAbsent(temporal.file, "Temporal's SQLite file");
  else {
    for (const url of temporal.urls) {
      await withPostgres(url, (db) => assertEmptyDatabase(db, 'a --temporal-pg-url database'));
    }
  }
}

async function restoreDatabase(config: Config, manifest: Manifest, from: string) {
  const source = path.join(from, manifest.database.location);
  if (manifest.database.driver === 'postgres') await restoreDump(config.DATABASE_URL!, source);
  else await copyFolder(source, path.join(config.dataDir, 'pglite'));
}

async function restoreTemporal(temporal: TemporalStore, manifest: Manifest, from: string) {
  if (temporal.store === 'sqlite') {
    await copyNewFile(path.join(from, manifest.temporal.locations[0]!), temporal.file);
    return;
  }
  for (const [index, url] of temporal.urls.entries()) {
    await restoreDump(url, path.join(from, manifest.temporal.locations[index]!));
  }
}

/** The restored database must be the one backed up: same figures, same chain, every blob. */
async function verifyRestored(config: Config, manifest: Manifest, blobs: Awaited<ReturnType<typeof copyDocuments>>) {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 1 });
  try {
    const { figures, keys } = await readFigures(database.db);
    const differences = figureDifferences(manifest.database.figures, figures);
    if (differences.length > 0) throw new Error(`the restored database differs:\n  ${differences.join('\n  ')}`);
    const missing = missingBlobs(keys, blobs);
    if (missing.length > 0) throw new Error(`documents missing for ${missing.length} rows, e.g. ${missing[0]}`);

    return figures;
  } finally {
    await database.close();
  }
}

async function withPostgres(url: string, work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<void>) {
  const database = await openDatabase({ url, dataDir: '.', poolSize: 1 });
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}

const describe = (temporal: TemporalStore) =>
  temporal.store === 'sqlite' ? temporal.file : `${temporal.urls.length} PostgreSQL databases`;

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`restore failed: ${error.message}`);
    if (writing) console.error('restore: the targets are partly filled now: empty them before trying again');
    process.exit(1);
  },
);
