/** An agreement's document versions, as rows, grouped into its documents for the detail. */
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType } from '../domain/documents.js';

/** One stored version with its document, ordered by document, then version. */
export interface DocumentVersionRow {
  documentId: string;
  type: string;
  version: number;
  sha256: string;
  size: number;
  mime: string;
  filename: string;
  uploadedBy: string;
  /** ISO 8601. */
  uploadedAt: string;
}

/** Each document with its versions in the order given, documents in DOCUMENT_TYPES order. */
export function groupDocumentVersions(rows: DocumentVersionRow[]) {
  const byDocument = new Map<string, ReturnType<typeof documentEntry>>();
  for (const row of rows) {
    const entry = byDocument.get(row.documentId) ?? documentEntry(row.documentId, row.type);
    byDocument.set(row.documentId, entry);
    entry.versions.push({
      version: row.version,
      sha256: row.sha256,
      size: row.size,
      mime: row.mime,
      filename: row.filename,
      uploadedBy: row.uploadedBy,
      uploadedAt: row.uploadedAt,
      url: `/api/documents/${row.documentId}/versions/${row.version}`,
    });
  }
  const order = (type: string) => (DOCUMENT_TYPES as readonly string[]).indexOf(type);

  return [...byDocument.values()].sort((a, b) => order(a.type) - order(b.type));
}

function documentEntry(documentId: string, type: string) {
  return {
    documentId,
    type,
    label: DOCUMENT_TYPE_LABELS[type as DocumentType] ?? type,
    versions: [] as (Omit<DocumentVersionRow, 'documentId' | 'type'> & { url: string })[],
  };
}
