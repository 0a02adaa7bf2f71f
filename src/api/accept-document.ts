/**
 * Turns a received upload into a stored document version: checks the `type` field and who may
 * upload it, judges the bytes (415 unless PDF, DOCX, XLSX, PNG or JPEG), stores them and
 * records the version. Nothing reaches the store or Postgres before every check has passed.
 * The bytes are stored first (content-addressed, so a repeat stores nothing new); then one
 * transaction writes the version row and, given `auditOf`, its audit entry. A crash between
 * the two leaves only an unreferenced file: no version without its entry, nor the reverse.
 */
import { createReadStream } from 'node:fs';
import type { AuditEvent } from '../audit/append.js';
import type { Database } from '../db/client.js';
import {
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  mayUpload,
  type DocumentType,
} from '../domain/documents.js';
import type { Actor } from '../domain/permissions.js';
import { detectFileKind } from '../documents/file-type.js';
import { displayFilename } from '../documents/filename.js';
import { recordVersion } from '../documents/repository.js';
import type { DocumentStore } from '../storage/document-store.js';
import { AppError } from './errors.js';
import type { ReceivedUpload } from './upload.js';

export interface UploadTarget {
  id: string;
  unitCode: string;
}

/** A type alias, not an interface: the route's zod response type wants an index signature. */
export type StoredDocument = {
  documentId: string;
  type: DocumentType;
  version: number;
  sha256: string;
  size: number;
  filename: string;
  mime: string;
};

export async function acceptDocument(
  deps: { db: Database; store: DocumentStore },
  upload: ReceivedUpload,
  actor: Actor,
  agreement: UploadTarget,
  auditOf?: (stored: StoredDocument) => AuditEvent,
): Promise<StoredDocument> {
  const type = uploadType(upload.fields.type);
  if (!mayUpload(actor, type, agreement.unitCode)) throw uploadForbidden(agreement, type);
  const file = upload.file;
  if (!file) {
    throw new AppError('invalid_input', "Field 'file' wajib berisi berkas.", [{ field: 'file' }]);
  }
  if (file.size === 0) throw new AppError('invalid_input', 'Berkas kosong.', [{ field: 'file' }]);

  const source = await file.open();
  const kind = await detectFileKind(source).finally(() => source.close());
  if (!kind) {
    throw new AppError(
      'unsupported_media_type',
      'Isi berkas bukan PDF, DOCX, XLSX, PNG atau JPEG (jenisnya ditentukan dari isi, bukan nama berkas).',
    );
  }

  const blob = await deps.store.put(createReadStream(file.path));
  const filename = displayFilename(file.clientName, kind, type);
  const storedOf = (version: { documentId: string; version: number }): StoredDocument => ({
    documentId: version.documentId,
    type,
    version: version.version,
    sha256: blob.sha256,
    size: blob.size,
    filename,
    mime: kind.mime,
  });
  const row = { agreementId: agreement.id, type, blob, mime: kind.mime, filename, uploadedBy: actor.username };
  const version = await recordVersion(deps.db, row, auditOf && ((recorded) => auditOf(storedOf(recorded))));

  return storedOf(version);
}

/** Could this actor upload any type at all? Asked before the body is read. */
export function assertMayUploadSomething(actor: Actor, agreement: UploadTarget) {
  if (!DOCUMENT_TYPES.some((type) => mayUpload(actor, type, agreement.unitCode))) {
    throw uploadForbidden(agreement);
  }
}

function uploadType(value: string | undefined): DocumentType {
  if (value && (DOCUMENT_TYPES as readonly string[]).includes(value)) return value as DocumentType;

  throw new AppError(
    'invalid_input',
    `Field 'type' harus salah satu jenis dokumen: ${DOCUMENT_TYPES.join(', ')}.`,
    [{ field: 'type', got: value ?? null }],
  );
}

/** The agreement is visible to the caller here, so a refusal is 403 rather than 404. */
function uploadForbidden(agreement: UploadTarget, type?: DocumentType) {
  const what = type ? `dokumen '${DOCUMENT_TYPE_LABELS[type]}'` : 'dokumen';

  return new AppError(
    'forbidden',
    `Anda tidak berwenang mengunggah ${what} untuk kerja sama ini (unit ${agreement.unitCode}).`,
  );
}
