/**
 * Receives one multipart upload (fields plus a single file part named `file`) into a spool
 * file, so its bytes can be judged before anything reaches the document store. Every part is
 * read to its end, whatever is refused, so a request never hangs; limits become 413 or 400.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { ByteSource } from '../documents/file-type.js';
import { AppError } from './errors.js';

/** One file, a few short fields: anything more is not an upload form of ours. */
const FORM_LIMITS = { files: 1, fields: 5, fieldSize: 1000, parts: 8, headerPairs: 20 };

export interface SpooledFile {
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes, e.g. to tell a repeated request from another. */
  sha256: string;
  /** The name the client sent, untrusted: for display after cleaning only. */
  clientName: string;
  /** Random access to the spooled bytes; close it with `discard`. */
  open(): Promise<ByteSource & { close(): Promise<void> }>;
  discard(): Promise<void>;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: SpooledFile | null;
}

export async function receiveUpload(
  request: FastifyRequest,
  options: { spoolDir: string; maxBytes: number },
): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new AppError(
      'unsupported_media_type',
      "Unggah dokumen sebagai multipart/form-data dengan field 'type' dan 'file'.",
    );
  }
  await fs.mkdir(options.spoolDir, { recursive: true });

  const fields: Record<string, string> = {};
  let file: SpooledFile | null = null;
  let truncated = false;
  try {
    const limits = { ...FORM_LIMITS, fileSize: options.maxBytes };
    for await (const part of request.parts({ limits })) {
      if (part.type === 'field') {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : '';
      } else if (part.fieldname !== 'file') {
        await pipeline(part.file, discardAll());
      } else {
        file = await spool(part.file, part.filename, options.spoolDir);
        truncated = part.file.truncated;
      }
    }
  } catch (error) {
    await file?.discard();
    throw translate(error, options.maxBytes);
  }
  if (truncated) {
    await file?.discard();
    throw tooLarge(options.maxBytes);
  }

  return { fields, file };
}

async function spool(
  content: NodeJS.ReadableStream,
  clientName: string,
  dir: string,
): Promise<SpooledFile> {
  const file = path.join(dir, `${randomUUID()}.upload`);
  const discard = () => fs.rm(file, { force: true });
  const hash = createHash('sha256');
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(content, measure, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await discard();
    throw error;
  }
  const { size } = await fs.stat(file);

  return {
    path: file,
    size,
    sha256: hash.digest('hex'),
    clientName,
    async open() {
      const handle = await fs.open(file, 'r');
      return {
        size,
        async read(offset, length) {
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          return buffer.subarray(0, bytesRead);
        },
        close: () => handle.close(),
      };
    },
    discard,
  };
}

function discardAll() {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

function tooLarge(maxBytes: number) {
  const mib = (maxBytes / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 });

  return new AppError('payload_too_large', `Berkas melebihi batas ukuran ${mib} MiB.`, { maxBytes });
}

/** Multipart refusals in our vocabulary; failures of our own disk stay server errors. */
function translate(error: unknown, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT') {
    return new AppError('invalid_input', "Kirim tepat satu berkas, pada field 'file'.");
  }
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new AppError('invalid_input', 'Formulir unggahan memuat terlalu banyak field.');
  }
  const fromDisk = typeof error === 'object' && error !== null && 'syscall' in error;
  if (code.startsWith('FST_') || !fromDisk) {
    return new AppError('invalid_input', 'Formulir multipart rusak atau tidak lengkap.');
  }

  return error;
}
