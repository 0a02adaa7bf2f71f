/**
 * Documents of an agreement: upload a new version (multipart), list them, download one
 * version. Bytes go to the content-addressed document store, metadata to Postgres; what a file
 * is comes from its magic bytes, and who may upload which type from src/domain/documents.ts.
 */
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contentDisposition } from '../../documents/filename.js';
import { findVersion, listDocuments } from '../../documents/repository.js';
import { BlobNotFoundError, openDocumentStore } from '../../storage/document-store.js';
import { acceptDocument, assertMayUploadSomething, type StoredDocument } from '../accept-document.js';
import {
  documentListResponse,
  storedDocumentResponse,
  uploadForm,
  versionParams,
} from '../document-schemas.js';
import { audit, auditEvent } from '../audit.js';
import { requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { loadAgreement } from '../read/agreement-detail.js';
import { uuidParam } from '../schemas.js';
import { receiveUpload } from '../upload.js';
import { canRead } from '../visibility.js';

export function documentRoutes(app: FastifyInstance, context: ApiContext) {
  // Its own scope, so multipart parsing exists only on the upload route.
  app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true });
    registerDocumentRoutes(scope, context);
  });
}

function registerDocumentRoutes(app: FastifyInstance, { db, config }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const store = openDocumentStore(config);
  const spoolDir = path.join(config.dataDir, 'spool');
  const maxBytes = config.DOCUMENT_MAX_BYTES;

  const visibleAgreement = async (request: FastifyRequest, id: string) => {
    const actor = requireUser(request);
    const row = await loadAgreement(db, id);
    if (!row || !canRead(actor, row)) throw notFound('Kerja sama');

    return { actor, row };
  };

  routes.post(
    '/api/agreements/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Unggah versi baru dokumen (multipart: field type + file)',
        description: `Jenis berkas ditentukan dari isinya (PDF, DOCX, XLSX, PNG, JPEG); batas ${maxBytes} byte.`,
        consumes: ['multipart/form-data'],
        params: uuidParam,
        body: uploadForm,
        response: { 201: storedDocumentResponse },
      },
    },
    async (request, reply) => {
      const { actor, row } = await visibleAgreement(request, request.params.id);
      assertMayUploadSomething(actor, row);

      const upload = await receiveUpload(request, { spoolDir, maxBytes });
      // A repeated Idempotency-Key counts as the same upload when type, name and bytes agree.
      const { fields, file } = upload;
      const fingerprint = {
        type: fields.type ?? null,
        name: file?.clientName ?? null,
        sha256: file?.sha256 ?? null,
      };
      try {
        return await idempotent(db, request, reply, async () => {
          // The version row and its audit entry are written in one transaction.
          const auditOf = ({ documentId, type, version, sha256, size }: StoredDocument) => {
            const facts = { agreementId: row.id, documentId, type, version, sha256, size };
            return auditEvent(request, 'document.upload', { type: 'agreement', id: row.id }, facts);
          };
          const stored = await acceptDocument({ db, store }, upload, actor, row, auditOf);
          const { type, version, sha256 } = stored;
          request.log.info({ agreementId: row.id, type, version, sha256 }, 'document stored');

          return { status: 201, body: stored };
        }, fingerprint);
      } finally {
        await file?.discard();
      }
    },
  );

  routes.get(
    '/api/agreements/:id/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Daftar dokumen dan semua versinya',
        params: uuidParam,
        response: { 200: documentListResponse },
      },
    },
    async (request) => {
      const { row } = await visibleAgreement(request, request.params.id);

      return { items: await listDocuments(db, row.id) };
    },
  );

  routes.get(
    '/api/documents/:id/versions/:version',
    { schema: { tags: ['documents'], summary: 'Unduh satu versi dokumen', params: versionParams } },
    async (request, reply) => {
      const actor = requireUser(request);
      const found = await findVersion(db, request.params.id, request.params.version);
      const agreement = found ? await loadAgreement(db, found.agreementId) : null;
      // One answer for "no such version" and "not yours to see", so neither leaks.
      if (!found || !agreement || !canRead(actor, agreement)) throw notFound('Dokumen');

      const { version } = found;
      const facts = {
        agreementId: agreement.id,
        documentId: version.documentId,
        version: version.version,
        sha256: version.sha256,
      };
      await audit(request, 'document.download', { type: 'agreement', id: agreement.id }, facts);
      // Opened after the audit entry, so a failed audit leaves no file handle open.
      const content = await store.get(version.storageKey).catch((error) => {
        if (error instanceof BlobNotFoundError) {
          request.log.error({ documentId: version.documentId, key: error.key }, 'document bytes missing');
        }
        throw error;
      });

      return reply
        .header('content-type', version.mime)
        .header('content-length', String(version.size))
        .header('content-disposition', contentDisposition(version.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('etag', `"${version.sha256}"`)
        .send(content);
    },
  );
}
