import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError } from '../../src/storage/document-store.js';
import { createFilesystemStore } from '../../src/storage/filesystem-store.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-store-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const blobFiles = () =>
  fs.readdirSync(path.join(root, 'sha256'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

describe('the filesystem document store', () => {
  it('stores bytes under their SHA-256 and gives them back unchanged', async () => {
    const store = createFilesystemStore(root);
    const stored = await store.put(Readable.from([Buffer.from('isi '), Buffer.from('dokumen')]));

    expect(stored).toEqual({ sha256: sha256('isi dokumen'), size: 11, key: sha256('isi dokumen') });
    expect(await store.exists(stored.key)).toBe(true);
    expect(await text(await store.get(stored.key))).toBe('isi dokumen');
    const file = path.join(root, 'sha256', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256);
    expect(fs.statSync(file).mode & 0o222).toBe(0); // read-only once in place
  });

  it('keeps identical content once, even when it arrives concurrently', async () => {
    const store = createFilesystemStore(root);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(Readable.from([Buffer.from('sama')]))));

    expect(new Set(results.map((result) => result.key)).size).toBe(1);
    expect(blobFiles()).toHaveLength(1);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves no file behind when the incoming stream fails midway', async () => {
    const store = createFilesystemStore(root);
    const failing = new Readable({
      read() {
        this.push(Buffer.from('setengah'));
        this.destroy(new Error('client went away'));
      },
    });

    await expect(store.put(failing)).rejects.toThrow('client went away');
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(fs.existsSync(path.join(root, 'sha256'))).toBe(false);
  });

  it('refuses keys that are not a SHA-256, so no key can point outside the store', async () => {
    const store = createFilesystemStore(root);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get(sha256('never stored'))).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.exists('../x')).toBe(false);
  });

  it('sweeps temporary files a crash left behind more than a day ago', async () => {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
    const stale = path.join(root, 'tmp', 'old.part');
    const fresh = path.join(root, 'tmp', 'running.part');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(fresh, 'y');
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    fs.utimesSync(stale, twoDaysAgo, twoDaysAgo);

    const store = createFilesystemStore(root);
    await store.put(Readable.from([Buffer.from('z')]));

    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual(['running.part']);
  });
});
