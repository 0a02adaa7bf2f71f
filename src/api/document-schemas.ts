/**
 * Schemas of the document routes: the upload form as OpenAPI shows it, the download path, and
 * the answers, so /docs describes them and the serialiser checks what is sent.
 */
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../domain/documents.js';

/**
 * The upload form. Multipart is read as a stream by the handler, so the body Fastify
 * validates is empty (null): both fields are optional here and checked in acceptDocument.
 */
export const uploadForm = z
  .object({
    type: z.enum(DOCUMENT_TYPES).meta({ description: 'Jenis dokumen (wajib)' }),
    file: z.string().meta({ format: 'binary', description: 'PDF, DOCX, XLSX, PNG atau JPEG (wajib)' }),
  })
  .partial()
  .nullish();

export const versionParams = z.object({
  id: z.uuid(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const storedDocumentResponse = z.looseObject({
  documentId: z.uuid(),
  type: z.enum(DOCUMENT_TYPES),
  version: z.number().int().min(1),
  sha256,
  size: z.number().int().min(1),
  filename: z.string(),
  mime: z.string(),
});

const versionItem = z.looseObject({
  version: z.number().int().min(1),
  sha256,
  size: z.number().int(),
  mime: z.string(),
  filename: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  url: z.string(),
});

export const documentListResponse = z.looseObject({
  items: z.array(
    z.looseObject({ documentId: z.uuid(), type: z.string(), label: z.string(), versions: z.array(versionItem) }),
  ),
});
