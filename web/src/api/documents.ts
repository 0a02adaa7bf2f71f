/**
 * Documents of an agreement: upload (multipart `type` + `file`) and download of a version.
 * The upload answers 404 on a server without the documents endpoint; callers show that as
 * "not available yet" rather than as a failure.
 */
import { newKey, request } from './client';
import { download } from './download';

export interface UploadedDocument {
  documentId: string;
  type: string;
  version: number;
  sha256: string;
  size: number;
  filename: string;
}

export function uploadDocument(agreementId: string, type: string, file: File): Promise<UploadedDocument> {
  const form = new FormData();
  // `type` before `file`: a streaming multipart parser reads the fields in order.
  form.append('type', type);
  form.append('file', file, file.name);

  return request<UploadedDocument>('POST', `/api/agreements/${agreementId}/documents`, {
    form,
    idempotencyKey: newKey(),
  });
}

/** Downloads with the bearer token (a plain link would carry none) and saves the file. */
export function downloadDocument(documentId: string, version: number, filename: string) {
  return download(`/api/documents/${documentId}/versions/${version}`, {}, filename);
}
