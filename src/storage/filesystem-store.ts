/**
 * The document store on a local (or mounted) filesystem:
 *   <root>/sha256/ab/cd/<64 hex>   one read-only file per distinct content
 *   <root>/tmp/                    uploads being written
 * A blob is written to tmp/, flushed to disk, then renamed into place, so a reader never sees
 * half a file and a crash leaves only a stray temporary file (swept on the next start).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobNotFoundError, type DocumentStore, type StoredBlob } from './document-store.js';

const KEY = /^[0-9a-f]{64}$/;
const STALE_TEMP_MS = 24 * 3_600_000;

export function createFilesystemStore(root: string): DocumentStore {
  const tmpDir = path.join(root, 'tmp');
  const ready = prepare(tmpDir);
  ready.catch(() => {}); // surfaces on the first put instead
  const pathOf = (key: string) => {
    // Keys come from our own database, but a key is never trusted as a path without this.
    if (!KEY.test(key)) throw new BlobNotFoundError(key);
    return path.join(root, 'sha256', key.slice(0, 2), key.slice(2, 4), key);
  };

  return {
    async put(content) {
      await ready;
      const tmp = path.join(tmpDir, `${randomUUID()}.part`);
      try {
        const written = await writeDurably(content, tmp);
        const target = pathOf(written.sha256);
        if (await exists(target)) {
          await fs.rm(tmp, { force: true });
        } else {
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.chmod(tmp, 0o440);
          // Two writers of the same content may both rename: the bytes are identical.
          await fs.rename(tmp, target);
          await syncDirectory(path.dirname(target));
        }

        return written;
      } catch (error) {
        await fs.rm(tmp, { force: true });
        throw error;
      }
    },

    async get(key) {
      const file = pathOf(key);
      try {
        const handle = await fs.open(file, 'r');
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
        throw error;
      }
    },

    async exists(key) {
      return KEY.test(key) && exists(pathOf(key));
    },
  };
}

/** Copies the stream into `file` while hashing it, and flushes it to disk. */
async function writeDurably(content: Readable, file: string): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  // flush: fsync before close, so a blob renamed into place is on disk, not only in cache.
  const target = createWriteStream(file, { flags: 'wx', mode: 0o640, flush: true });
  await pipeline(content, measure, target);
  const sha256 = hash.digest('hex');

  return { sha256, size, key: sha256 };
}

async function prepare(tmpDir: string) {
  await fs.mkdir(tmpDir, { recursive: true });
  // Leftovers of a crash; a day is far beyond any upload still running.
  const now = Date.now();
  for (const name of await fs.readdir(tmpDir)) {
    const file = path.join(tmpDir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Makes the rename itself durable (POSIX: the directory entry must reach the disk too). */
async function syncDirectory(dir: string) {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename has still happened.
  } finally {
    await handle.close();
  }
}
