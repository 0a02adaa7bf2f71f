/**
 * Document metadata (dokumen). The bytes live in the document store, addressed by their
 * SHA-256; Postgres keeps what each version is, who uploaded it and when. Versions are
 * immutable: a trigger (migration 'documents_immutable') refuses UPDATE and DELETE on them.
 */
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { agreements } from './schema.js';

/** One row per agreement and document type; its versions hang below it. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
    /** A DOCUMENT_TYPES code of src/domain/documents.ts. */
    type: text('type').notNull(),
    /**
     * Highest version number handed out. Raised by an upsert in the same transaction that
     * inserts the version, so concurrent uploads queue on this row and get distinct numbers.
     */
    latestVersion: integer('latest_version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('documents_agreement_type_key').on(table.agreementId, table.type)],
);

/** Each uploaded version (versi), never changed once written. */
export const documentVersions = pgTable(
  'document_versions',
  {
    documentId: uuid('document_id').notNull().references(() => documents.id),
    /** 1, 2, 3… per document. */
    version: integer('version').notNull(),

    // The content, as stored
    /** Lowercase hex SHA-256 of the bytes. */
    sha256: text('sha256').notNull(),
    /** Size in bytes. */
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Media type decided from the file's magic bytes, never from the client. */
    mime: text('mime').notNull(),
    /** Key in the document store (for the filesystem store: the SHA-256 itself). */
    storageKey: text('storage_key').notNull(),

    // For people: a cleaned file name shown and offered on download, never used as a path
    filename: text('filename').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.documentId, table.version] }),
    index('document_versions_sha256_idx').on(table.sha256),
  ],
);
