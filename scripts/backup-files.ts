/**
 * The file parts of a backup: the document blobs (content-addressed, so each file's name is
 * its SHA-256 and a copy can be checked against it), the Temporal dev server's SQLite file,
 * and the embedded PGlite folder. Files are copied only while no process holds them open.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { listFiles, sha256File } from './backup-manifest.js';

const BLOB = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export interface CopiedBlob {
  /** Relative to the documents folder: sha256/ab/cd/<key>. */
  path: string;
  key: string;
  size: number;
}

/**
 * Copies every blob under `from`/sha256 to `to`, checking that its content still hashes to
 * its name. Uploads in progress (tmp/) are not documents yet and stay behind.
 */
export async function copyDocuments(from: string, to: string): Promise<CopiedBlob[]> {
  const copied: CopiedBlob[] = [];
  const files = (await exists(from)) ? await listFiles(from) : [];
  for (const relative of files) {
    if (relative.startsWith('tmp/')) continue;
    const match = BLOB.exec(relative);
    const key = match?.[3];
    if (!match || !key || !key.startsWith(match[1]! + match[2]!)) {
      throw new Error(`${path.join(from, relative)} is not a document blob: the documents folder holds a stranger`);
    }
    const source = path.join(from, relative);
    if ((await sha256File(source)) !== key) throw new Error(`document blob ${key} no longer matches its SHA-256`);
    const target = path.join(to, relative);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(source, target, constants.COPYFILE_EXCL);
    await fs.chmod(target, 0o440);
    copied.push({ path: relative, key, size: (await fs.stat(target)).size });
  }

  return copied;
}

/** Keys the database points at that are not among the blobs. */
export function missingBlobs(keys: string[], blobs: CopiedBlob[]): string[] {
  const present = new Set(blobs.map((blob) => blob.key));

  return keys.filter((key) => !present.has(key));
}

/** Copies one file that must not exist at the target yet. */
export async function copyNewFile(from: string, to: string) {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.copyFile(from, to, constants.COPYFILE_EXCL);
}

/** Copies a folder into a target that must not exist or be empty. */
export async function copyFolder(from: string, to: string) {
  await assertEmptyFolder(to, to);
  await fs.cp(from, to, { recursive: true, errorOnExist: true, force: false });
}

/**
 * Refuses a file, or any file under a folder, that a process has open (Linux: /proc/<pid>/fd):
 * a running Temporal dev server or PGlite rewrites its files at any moment, so a copy could be
 * torn. Elsewhere the check cannot be made and the caller's word that it is stopped is taken.
 */
export async function assertNotOpen(file: string, what: string) {
  const target = await fs.realpath(file);
  const pids = await fs.readdir('/proc').catch(() => null);
  if (!pids) return;
  const holds = (link: string) => link === target || link.startsWith(`${target}${path.sep}`);
  for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
    const fds = await fs.readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => null);
      if (link === null || !holds(link)) continue;
      const name = (await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
      throw new Error(`${what} ${file} is open in process ${pid} (${name}): stop it first`);
    }
  }
}

/** Refuses a folder that exists and holds anything but empty folders. */
export async function assertEmptyFolder(folder: string, label: string) {
  if (!(await exists(folder))) return;
  const files = await listFiles(folder);
  if (files.length > 0) {
    throw new Error(`${label} is not empty (${files.length} files): restore only into an empty one`);
  }
}

export async function assertAbsent(file: string, label: string) {
  if (await exists(file)) throw new Error(`${label} ${file} already exists: restore only into an empty place`);
}

export async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
