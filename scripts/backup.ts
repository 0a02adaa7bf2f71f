/**
 * `npm run backup -- --out DIR [--temporal-sqlite FILE | --temporal-pg-url URL ...] [--allow-connections]`
 *
 * One consistent backup of the application database (DATABASE_URL, or the embedded PGlite),
 * the document files (DATA_DIR/documents) and Temporal's store, taken while the API and the
 * workers are stopped: they are the only writers, and with them stopped neither store moves.
 * Order: database dump (one snapshot, figures read from it), then documents (a blob is
 * written before its row and never deleted, so every row in the dump finds its blob), then
 * Temporal's store, then manifest.json with a SHA-256 of every file. Exit 0 on success.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import {
  mib,
  productIdentity,
  stepLog,
  temporalCliVersion,
  temporalStoreOf,
  type TemporalStore,
} from './backup-context.js';
import { assertNotOpen, copyDocuments, copyFolder, copyNewFile, exists, missingBlobs } from './backup-files.js';
import { readFigures } from './backup-figures.js';
import { describeFiles, MANIFEST_FORMAT, writeManifest, type Manifest } from './backup-manifest.js';
import { dumpDatabase, dumpInSnapshot, otherSessions, serverVersion, toolVersion } from './backup-postgres.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    'temporal-sqlite': { type: 'string' },
    'temporal-pg-url': { type: 'string', multiple: true },
    'allow-connections': { type: 'boolean', default: false },
  },
});

async function main() {
  const config = loadConfig();
  const log = stepLog('backup');
  const startedAt = new Date(log.startedAt);
  const temporal = temporalStoreOf(config, { sqlite: args['temporal-sqlite'], pgUrls: args['temporal-pg-url'] });
  // No default: a backup holds password hashes and must not land in the working tree by chance.
  if (!args.out) throw new Error('name a new folder for the backup: npm run backup -- --out DIR');
  const out = path.resolve(args.out);
  await fs.mkdir(out, { recursive: true });
  if ((await fs.readdir(out)).length > 0) throw new Error(`${out} is not empty: back up into a new folder`);
  console.log(`backup: into ${out}`);

  // Nothing may write while we copy: the embedded process or a dev server holds its files.
  if (temporal.store === 'sqlite') await assertSqliteAtRest(temporal.file);
  const database = await openSource(config);

  const db = await log.step('database', () => backUpDatabase(config, database, out), (result) =>
    `${result.driver}, ${result.figures.agreements} agreements, ${result.figures.auditEntries} audit entries`,
  );

  const blobs = await log.step('documents', async () => {
    const copied = await copyDocuments(path.join(config.dataDir, 'documents'), path.join(out, 'documents'));
    const missing = missingBlobs(db.keys, copied);
    if (missing.length > 0) throw new Error(`documents missing for ${missing.length} rows, e.g. ${missing[0]}`);
    return copied;
  }, (copied) => `${copied.length} blobs, ${mib(copied.reduce((sum, blob) => sum + blob.size, 0))}`);

  const temporalFiles = await log.step('temporal', () => backUpTemporal(temporal, out), (files) => files.join(', '));

  const known = new Map(blobs.map((blob) => [`documents/${blob.path}`, blob.key]));
  const files = await log.step('checksums', () => describeFiles(out, known), (entries) => `${entries.length} files`);
  const finishedAt = new Date();
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    product: productIdentity(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    node: process.version,
    database: {
      driver: db.driver,
      location: db.location,
      serverVersion: db.serverVersion,
      dumpTool: db.dumpTool,
      figures: db.figures,
    },
    temporal: {
      store: temporal.store,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      cli: temporal.store === 'sqlite' ? temporalCliVersion() : null,
      locations: temporalFiles,
    },
    documents: { location: 'documents', count: blobs.length, bytes: blobs.reduce((sum, blob) => sum + blob.size, 0) },
    files,
  };
  await writeManifest(out, manifest);
  if (!db.figures.auditChainValid) console.warn('backup: WARNING the audit chain was already broken (see manifest)');
  console.log(`backup: done in ${(log.total() / 1000).toFixed(1)} s, manifest ${path.join(out, 'manifest.json')}`);
}

async function openSource(config: ReturnType<typeof loadConfig>) {
  if (config.DATABASE_URL) {
    const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 1 });
    const others = await otherSessions(database.db);
    if (others.length > 0 && !args['allow-connections']) {
      await database.close();
      const who = others.map((session) => `pid ${session.pid} ${session.client_addr ?? 'local'}`).join(', ');
      throw new Error(
        `${others.length} other sessions on the database (${who}): stop the API and the workers ` +
          'first (--allow-connections to back up anyway, at the risk of an inconsistent state)',
      );
    }
    return database;
  }
  const folder = path.join(config.dataDir, 'pglite');
  if (!(await exists(folder))) throw new Error(`no DATABASE_URL and no PGlite folder ${folder}`);
  await assertNotOpen(folder, 'PGlite folder');

  return openDatabase({ dataDir: config.dataDir });
}

async function backUpDatabase(
  config: ReturnType<typeof loadConfig>,
  database: Awaited<ReturnType<typeof openDatabase>>,
  out: string,
) {
  try {
    const version = await serverVersion(database.db);
    if (database.driver === 'postgres') {
      const location = 'postgres.dump';
      const read = await dumpInSnapshot(database.db, config.DATABASE_URL!, path.join(out, location), readFigures);
      const dumpTool = await toolVersion('pg_dump');
      return { driver: 'postgres' as const, location, serverVersion: version, dumpTool, ...read };
    }
    const read = await readFigures(database.db);
    await database.close();
    // PGlite keeps one process at a time: closed, its folder is at rest and a copy is exact.
    await copyFolder(path.join(config.dataDir, 'pglite'), path.join(out, 'pglite'));
    return { driver: 'pglite' as const, location: 'pglite', serverVersion: version, dumpTool: null, ...read };
  } finally {
    await database.close().catch(() => {});
  }
}

async function backUpTemporal(temporal: TemporalStore, out: string): Promise<string[]> {
  if (temporal.store === 'sqlite') {
    await assertSqliteAtRest(temporal.file);
    await copyNewFile(temporal.file, path.join(out, 'temporal.sqlite'));
    return ['temporal.sqlite'];
  }
  const locations: string[] = [];
  for (const url of temporal.urls) {
    const name = `temporal-${decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres'}.dump`;
    await dumpDatabase(url, path.join(out, name));
    locations.push(name);
  }

  return locations;
}

/** The dev server must be stopped, and stopped cleanly: a hot journal means a cut-off write. */
async function assertSqliteAtRest(file: string) {
  if (!(await exists(file))) throw new Error(`Temporal's SQLite file ${file} does not exist`);
  await assertNotOpen(file, "Temporal's SQLite file");
  for (const sidecar of ['-journal', '-wal']) {
    if (await exists(`${file}${sidecar}`)) {
      throw new Error(`${file}${sidecar} exists: start the Temporal server once and stop it cleanly first`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`backup failed: ${error.message}`);
    process.exit(1);
  },
);
