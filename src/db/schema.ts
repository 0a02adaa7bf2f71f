/**
 * The data dictionary. Postgres holds projections that the workflow keeps current through
 * activities (agreements, timeline, tasks), and records of their own (users, sessions, the
 * calendar, emails sent, monitoring reports). The workflow stays the source of truth for
 * process state.
 */

import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,

  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { AgreementChanges, Partner } from '../domain/agreement.js';
import type { DprdTrigger } from '../domain/paths.js';

/** Postgres text-search document; written by Postgres (generated column), never by us. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Offices of the city (perangkat daerah). */
export const units = pgTable('units', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: text('password_hash').notNull(),
  roles: text('roles').array().notNull(),
  unitCode: text('unit_code').notNull().references(() => units.code),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/** Login tokens; only the SHA-256 of a token is stored. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** One row per agreement (kerja sama): its facts, and the projection of its process state. */
export const agreements = pgTable(
  'agreements',
  {
    id: uuid('id').primaryKey(),
    trackingCode: text('tracking_code').notNull().unique(),

    // What was proposed (usulan)
    kind: text('kind').notNull(),
    instrument: text('instrument').notNull(),
    title: text('title').notNull(),
    partners: jsonb('partners').$type<Partner[]>().notNull(),
    unitCode: text('unit_code').notNull().references(() => units.code),
    purpose: text('purpose').notNull(),
    scope: text('scope').notNull(),
    plannedStart: date('planned_start'),
    durationMonths: integer('duration_months').notNull(),
    /** Value in rupiah; numeric so that large sums stay exact. */
    valueIdr: numeric('value_idr', { precision: 20, scale: 0 }),
    fundingSource: text('funding_source'),
    dprdTrigger: jsonb('dprd_trigger').$type<DprdTrigger>().notNull(),
    initiatedBy: text('initiated_by').notNull(),
    /** The agreement this one hangs under: the KSB of a PKS, the agreement an addendum changes. */
    parentId: uuid('parent_id'),
    /** The agreement this one renews (perpanjangan), set when an evaluation decides `continue`. */
    renewalOf: uuid('renewal_of'),
    /** What an addendum changes once signed, e.g. `{ newEndDate }`. */
    changes: jsonb('changes').$type<AgreementChanges>(),
    confidential: boolean('confidential').notNull().default(false),
    createdBy: text('created_by').notNull(),

    // Process projection, written by the workflow's activities
    path: text('path').array().notNull(),
    stage: text('stage').notNull(),
    status: text('status').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    overdue: boolean('overdue').notNull().default(false),
    /** Sequence number of the last workflow event applied; older writes are ignored. */
    projectionSeq: integer('projection_seq').notNull().default(0),

    // Signing and term (penandatanganan, masa berlaku)
    signedAt: date('signed_at'),
    /** The city's number of the signed agreement; unique, checked by the API before signing. */
    ourNumber: text('our_number'),
    partnerNumbers: jsonb('partner_numbers').$type<string[]>(),
    startDate: date('start_date'),
    endDate: date('end_date'),

    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),

    // Search (pencarian), kept by Postgres itself. 'simple' because Indonesian has no stemmer
    // in Postgres; words match by prefix, and the trigram text finds parts of words.
    /** Title (weight A), partner names (B) and purpose (C) as words. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', title), 'A') || setweight(jsonb_to_tsvector('simple', jsonb_path_query_array(partners, '$[*].name'), '["string"]'), 'B') || setweight(to_tsvector('simple', purpose), 'C')`,
    ),
    /** The same text as one string, for trigram (pg_trgm) matches inside words. */
    searchText: text('search_text').generatedAlwaysAs(
      sql`title || ' ' || jsonb_path_query_array(partners, '$[*].name')::text || ' ' || purpose`,
    ),
  },
  (table) => [
    index('agreements_stage_idx').on(table.stage),
    index('agreements_unit_idx').on(table.unitCode),
    index('agreements_created_idx').on(table.createdAt, table.id),
    index('agreements_our_number_idx').on(table.ourNumber),
    index('agreements_search_idx').using('gin', table.searchVector),
    index('agreements_search_trgm_idx').using('gin', table.searchText.op('gin_trgm_ops')),
    // The list (bench/RESULTS.md, benchmark 3): its default order, with the visibility columns so
    // that a page, a deep page and the total are read from the index alone; stage and kind
    // likewise; overdue and expiring as small partial indexes instead of a scan of every row.
    index('agreements_list_order_idx').on(
      table.createdAt.desc().nullsLast(), table.id.desc().nullsFirst(), table.unitCode, table.status,
    ),
    index('agreements_stage_kind_idx').on(table.stage, table.kind, table.unitCode, table.status),
    index('agreements_due_idx').on(table.dueAt),
    index('agreements_overdue_idx').on(table.id).where(sql`${table.overdue}`),
    index('agreements_active_end_idx').on(table.endDate).where(sql`${table.status} = 'active'`),
    // Every detail read lists the agreements hanging under this one (benchmark 2).
    index('agreements_parent_idx').on(table.parentId),
    index('agreements_renewal_of_idx').on(table.renewalOf),
  ],
);

/** The timeline (riwayat): every stage change and decision, in workflow order. */
export const agreementEvents = pgTable(
  'agreement_events',
  {
    agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    fromStage: text('from_stage'),
    stage: text('stage').notNull(),
    decision: text('decision'),
    actorUsername: text('actor_username'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    actingFor: text('acting_for'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.agreementId, table.seq] })],
);

/** Human tasks (tugas): who must act at a stage and by when. */
export const tasks = pgTable(
  'tasks',
  {
    agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
    /** `<stage>#<seq>`: unique within the agreement, stable across retries. */
    taskKey: text('task_key').notNull(),
    stage: text('stage').notNull(),
    role: text('role').notNull(),
    unitCode: text('unit_code'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    slaWorkingDays: integer('sla_working_days'),
    slaBasis: text('sla_basis'),
    /** Years the due date crossed without calendar data (computed on weekends only). */
    uncoveredYears: integer('uncovered_years').array(),
    remindersSent: integer('reminders_sent').notNull().default(0),
    escalatedTo: text('escalated_to'),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
  },
  (table) => [
    primaryKey({ columns: [table.agreementId, table.taskKey] }),
    index('tasks_open_idx').on(table.role, table.closedAt),
  ],
);

/** Every email the product sends, recorded before sending so none goes out twice. */
export const emails = pgTable(
  'emails',
  {
    /** Business key, e.g. `reminder:<agreement>:<task>:<n>:<username>`. */
    key: text('key').primaryKey(),
    agreementId: uuid('agreement_id'),
    kind: text('kind').notNull(),
    stage: text('stage'),
    reminderNo: integer('reminder_no'),
    recipient: text('recipient').notNull(),
    recipientUsername: text('recipient_username'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    messageId: text('message_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Set when the mail server refused it for good (5xx): never retried; `lastError` says why. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [index('emails_agreement_idx').on(table.agreementId)],
);

/** Monitoring reports (laporan monitoring pelaksanaan). */
export const reports = pgTable('reports', {
  id: uuid('id').primaryKey(),
  agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
  period: text('period').notNull(),
  activities: text('activities').notNull(),
  progressPercent: integer('progress_percent').notNull(),
  problems: text('problems'),
  followUp: text('follow_up'),
  filedBy: text('filed_by').notNull(),
  filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
  status: text('status').notNull(),
  reviewNote: text('review_note'),
  reviewedBy: text('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
});

/** Scheduled obligations beside the process: reports due, expiry alerts. */
export const obligations = pgTable(
  'obligations',
  {
    agreementId: uuid('agreement_id').notNull().references(() => agreements.id),
    key: text('key').notNull(),
    type: text('type').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    label: text('label').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.agreementId, table.key] })],
);

/** National holidays and cuti bersama (libur nasional, cuti bersama), editable by the admin. */
export const holidays = pgTable('holidays', {
  date: date('date').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  basis: text('basis').notNull(),
});

/** Years for which the calendar holds the decree's dates; other years count weekends only. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  basis: text('basis').notNull(),
});

/** Idempotency-Key records: a repeated POST returns the first answer. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] })],
);

/** Key-value settings the admin edits (SLA overrides, reminder policy). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull().default(0),
});

export * from './schema-audit.js';
export * from './schema-accounts.js';
export * from './schema-documents.js';
export * from './schema-register.js';
export * from './schema-webhooks.js';
