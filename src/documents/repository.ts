/**
 * Document metadata in Postgres: recording a new version, and reading an agreement's
 * documents back. Bytes are the document store's business; rows here only point at them.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { appendAudit, type AuditEvent } from '../audit/append.js';
import type { Database } from '../db/client.js';
import { documents, documentVersions } from '../db/schema.js';
import type { DocumentType } from '../domain/documents.js';
import { groupDocumentVersions } from './grouping.js';
import type { StoredBlob } from '../storage/document-store.js';

export interface NewVersion {
  agreementId: string;
  type: DocumentType;
  blob: StoredBlob;
  mime: string;
  filename: string;
  uploadedBy: string;
}

export type RecordedVersion = typeof documentVersions.$inferSelect;

/**
 * Records the next version of the agreement's document of this type. The upsert raises the
 * document's counter and locks its row until commit, so concurrent uploads of one type queue
 * there and each gets its own number; the primary key (document, version) backs that up.
 * `auditOf` gives the audit entry of the upload, appended in the same transaction: the version
 * and its entry commit together or not at all.
 */
export async function recordVersion(
  db: Database,
  input: NewVersion,
  auditOf?: (version: RecordedVersion) => AuditEvent,
) {
  return db.transaction(async (tx) => {
    const [document] = await tx
      .insert(documents)
      .values({ agreementId: input.agreementId, type: input.type, latestVersion: 1 })
      .onConflictDoUpdate({
        target: [documents.agreementId, documents.type],
        set: { latestVersion: sql`${documents.latestVersion} + 1` },
      })
      .returning({ id: documents.id, version: documents.latestVersion });
    const [version] = await tx
      .insert(documentVersions)
      .values({
        documentId: document!.id,
        version: document!.version,
        sha256: input.blob.sha256,
        size: input.blob.size,
        mime: input.mime,
        storageKey: input.blob.key,
        filename: input.filename,
        uploadedBy: input.uploadedBy,
      })
      .returning();
    if (auditOf) await appendAudit(tx, auditOf(version!));

    return version!;
  });
}

/** The types of which the agreement has at least one stored version. */
export async function storedDocumentTypes(db: Database, agreementId: string): Promise<string[]> {
  const rows = await db
    .select({ type: documents.type })
    .from(documents)
    .where(and(eq(documents.agreementId, agreementId), gt(documents.latestVersion, 0)));

  return rows.map((row) => row.type);
}

/** One version with the agreement it belongs to, or null. */
export async function findVersion(db: Database, documentId: string, version: number) {
  const [row] = await db
    .select({ agreementId: documents.agreementId, type: documents.type, version: documentVersions })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));

  return row ?? null;
}

/** Every document of the agreement with all its versions, in the order of DOCUMENT_TYPES. */
export async function listDocuments(db: Database, agreementId: string) {
  const rows = await db
    .select({ documentId: documents.id, type: documents.type, version: documentVersions })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(eq(documents.agreementId, agreementId))
    .orderBy(asc(documents.id), asc(documentVersions.version));

  return groupDocumentVersions(
    rows.map(({ documentId, type, version }) => ({
      ...version,
      documentId,
      type,
      uploadedAt: version.uploadedAt.toISOString(),
    })),
  );
}
