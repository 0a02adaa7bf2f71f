/**
 * The register import (impor register kerja sama): which row of which file each imported
 * agreement came from, so the same file imported again is recognised row by row.
 */
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agreements } from './schema.js';

export const registerEntries = pgTable('register_entries', {
  /** The city's own number of the agreement (nomor pihak daerah); one entry per number. */
  ourNumber: text('our_number').primaryKey(),
  agreementId: uuid('agreement_id')
    .notNull()
    .unique()
    .references(() => agreements.id),
  /** Canonical text of the row (src/domain/register-row.ts): equal content is skipped. */
  content: text('content').notNull(),
  /** Line of the row in the file it was first imported from (header = 1). */
  line: integer('line').notNull(),
  importedBy: text('imported_by').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set once the agreement's workflow runs; a later import starts any still missing. */
  workflowStartedAt: timestamp('workflow_started_at', { withTimezone: true }),
});
