/**
 * The manifest of a backup folder (`manifest.json`): when and from what the backup was taken,
 * what the database held at that moment, and the size and SHA-256 of every other file in the
 * folder. It is written last, so a folder without one is an unfinished backup; a restore
 * checks every file against it before it touches anything.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 1;

export interface FileEntry {
  /** Relative to the backup folder, with `/` separators. */
  path: string;
  size: number;
  sha256: string;
}

/** What the application database held, read in the same snapshot as the dump. */
export interface DatabaseFigures {
  agreements: number;
  events: number;
  documentVersions: number;
  auditEntries: number;
  emails: number;
  /** Migrations applied (rows of drizzle.__drizzle_migrations) and the last one's hash. */
  migrations: number;
  lastMigration: string | null;
  /** The audit chain walked from its first entry. */
  auditChainValid: boolean;
  auditHead: string;
  /** Distinct document blobs the rows point at; each must be in the backup. */
  documentKeys: number;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  product: { name: string; version: string; commit: string | null };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  node: string;
  database: {
    driver: 'postgres' | 'pglite';
    /** `pg_dump` custom-format file, or the copied PGlite folder. */
    location: string;
    serverVersion: string;
    dumpTool: string | null;
    figures: DatabaseFigures;
  };
  temporal: {
    store: 'sqlite' | 'postgres';
    namespace: string;
    taskQueue: string;
    /** The `temporal` CLI that ran the dev server (SQLite), when it could be asked. */
    cli: string | null;
    /** SQLite: one file; PostgreSQL: one dump per database, in the order given. */
    locations: string[];
  };
  documents: { location: string; count: number; bytes: number };
  files: FileEntry[];
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);

  return hash.digest('hex');
}

/** Every regular file under `root`, as sorted relative paths with `/` separators. */
export async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  await walk(root);

  return found.sort();
}

/** Size and hash of each file; `known` supplies hashes already computed while copying. */
export async function describeFiles(root: string, known: Map<string, string> = new Map()) {
  const entries: FileEntry[] = [];
  for (const relative of await listFiles(root)) {
    if (relative === MANIFEST_FILE) continue;
    const full = path.join(root, relative);
    const { size } = await fs.stat(full);
    entries.push({ path: relative, size, sha256: known.get(relative) ?? (await sha256File(full)) });
  }

  return entries;
}

/** Written to a temporary name and renamed, so a crash never leaves half a manifest. */
export async function writeManifest(root: string, manifest: Manifest) {
  const target = path.join(root, MANIFEST_FILE);
  await fs.writeFile(`${target}.part`, `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx' });
  await fs.rename(`${target}.part`, target);
}

export async function readManifest(root: string): Promise<Manifest> {
  const file = path.join(root, MANIFEST_FILE);
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new Error(`${file} is missing: not a backup folder, or the backup did not finish`);
  });
  const manifest = JSON.parse(text) as Manifest;
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new Error(`${file} has format ${String(manifest.format)}; this restore reads format ${MANIFEST_FORMAT}`);
  }

  return manifest;
}

/**
 * Names every difference between the folder and its manifest: a file missing, changed
 * (size or SHA-256) or not listed. An empty list means the folder is what was written.
 */
export async function verifyFiles(root: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const present = new Set((await listFiles(root)).filter((relative) => relative !== MANIFEST_FILE));
  for (const entry of manifest.files) {
    const full = path.join(root, entry.path);
    if (!present.delete(entry.path)) {
      problems.push(`${entry.path}: missing`);
      continue;
    }
    const { size } = await fs.stat(full);
    if (size !== entry.size) problems.push(`${entry.path}: ${size} bytes, manifest says ${entry.size}`);
    else if ((await sha256File(full)) !== entry.sha256) problems.push(`${entry.path}: SHA-256 differs`);
  }
  for (const extra of present) problems.push(`${extra}: not in the manifest`);

  return problems;
}
