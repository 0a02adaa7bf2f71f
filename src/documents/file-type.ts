/**
 * What a file is, decided by its bytes alone (magic numbers), never by its name or the
 * client's Content-Type. Accepted: PDF, DOCX, XLSX, PNG, JPEG. DOCX and XLSX are ZIP files;
 * telling them from any other ZIP needs the names in the ZIP's central directory, which this
 * module reads itself (only the names: nothing is decompressed).
 */

/** Random access to the bytes being judged (a file on disk, or a Buffer in tests). */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}

export interface FileKind {
  mime: string;
  /** Extensions a file name of this kind may end in; the first is the usual one. */
  extensions: readonly string[];
}

export const FILE_KINDS = {
  pdf: { mime: 'application/pdf', extensions: ['.pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
  },
  png: { mime: 'image/png', extensions: ['.png'] },
  jpeg: { mime: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
} as const satisfies Record<string, FileKind>;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** SOI marker and the first byte of the next marker (APPn, DQT…). */
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

/** The kind of the bytes, or null when they are none of the accepted kinds. */
export async function detectFileKind(source: ByteSource): Promise<FileKind | null> {
  const head = await source.read(0, Math.min(source.size, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return FILE_KINDS.pdf;
  if (head.length === 8 && head.equals(PNG_SIGNATURE)) return FILE_KINDS.png;
  if (head.subarray(0, 3).equals(JPEG_START)) return FILE_KINDS.jpeg;
  if (head.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return null;

  const names = await zipEntryNames(source);
  if (!names || !names.includes('[Content_Types].xml')) return null;
  if (names.some((name) => name.startsWith('word/'))) return FILE_KINDS.docx;
  if (names.some((name) => name.startsWith('xl/'))) return FILE_KINDS.xlsx;

  return null;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
/** An Office file's directory is a few kilobytes; a larger one is not worth reading. */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

/** Names in a ZIP's central directory, or null when the directory is missing or malformed. */
export async function zipEntryNames(source: ByteSource): Promise<string[] | null> {
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const at = findEndRecord(tail);
  if (at < 0) return null;

  let entries = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  if (entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const zip64 = await readZip64End(source, tailStart + at);
    if (!zip64) return null;
    ({ entries, directorySize, directoryOffset } = zip64);
  }
  if (entries > MAX_ENTRIES || directorySize > MAX_DIRECTORY_BYTES) return null;
  if (directoryOffset + directorySize > source.size) return null;

  const directory = await source.read(directoryOffset, directorySize);
  const names: string[] = [];
  for (let p = 0, i = 0; i < entries; i += 1) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_ENTRY) return null;
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > directory.length) return null;
    names.push(directory.toString('utf8', p + 46, p + 46 + nameLength));
    p = next;
  }

  return names;
}

/** Offset of the end-of-central-directory record in `tail`, searching from the end; -1 if none. */
function findEndRecord(tail: Buffer): number {
  for (let at = tail.length - 22; at >= 0; at -= 1) {
    const commentFits = () => at + 22 + tail.readUInt16LE(at + 20) <= tail.length;
    if (tail.readUInt32LE(at) === EOCD && commentFits()) return at;
  }

  return -1;
}

async function readZip64End(source: ByteSource, endRecordOffset: number) {
  if (endRecordOffset < 20) return null;
  const locator = await source.read(endRecordOffset - 20, 20);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) return null;
  const recordOffset = Number(locator.readBigUInt64LE(8));
  if (recordOffset + 56 > source.size) return null;
  const record = await source.read(recordOffset, 56);
  if (record.readUInt32LE(0) !== ZIP64_EOCD) return null;

  return {
    entries: Number(record.readBigUInt64LE(32)),
    directorySize: Number(record.readBigUInt64LE(40)),
    directoryOffset: Number(record.readBigUInt64LE(48)),
  };
}
