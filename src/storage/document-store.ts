/**
 * Where document bytes live. Content-addressed: a blob's key follows from its SHA-256, so
 * identical content is stored once and a stored blob never changes. Small enough that an
 * S3-compatible store can implement it later (put = upload to a temporary key, then copy to
 * the final one; get = GetObject; exists = HeadObject).
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { createFilesystemStore } from './filesystem-store.js';

export interface StoredBlob {
  /** Lowercase hex SHA-256 of the content. */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** Opaque key to read the blob back with. */
  key: string;
}

export interface DocumentStore {
  /** Stores the stream's bytes; resolves once they are durable. */
  put(content: Readable): Promise<StoredBlob>;
  /** The bytes of a stored blob; rejects with BlobNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no stored blob under key ${key}`);
  }
}

const stores = new Map<string, DocumentStore>();

/** The document store of this deployment (today: files under DATA_DIR/documents). */
export function openDocumentStore(config: Pick<Config, 'dataDir'>): DocumentStore {
  const root = path.join(config.dataDir, 'documents');
  let store = stores.get(root);
  if (!store) {
    store = createFilesystemStore(root);
    stores.set(root, store);
  }

  return store;
}
