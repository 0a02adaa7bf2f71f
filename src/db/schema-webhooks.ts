/**
 * Webhooks (integrasi SPBE): the subscribers an admin registers, and the outbox of events to
 * deliver to them. An outbox row is written in the same transaction as the projection change it
 * reports, so no event is lost; a Temporal workflow per row delivers it with retries.
 */
import { boolean, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { uuid } from 'drizzle-orm/pg-core';

export const webhookSubscribers = pgTable('webhook_subscribers', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** http(s) address the events are POSTed to. */
  url: text('url').notNull(),
  description: text('description'),
  /** Event types delivered (WEBHOOK_EVENT_TYPES); null means all of them. */
  events: text('events').array(),
  /**
   * HMAC-SHA256 key of the signatures, shown to the admin once. Kept readable because every
   * delivery must sign with it; only admins reach this table through the API.
   */
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Removed by the admin: nothing more is delivered; past deliveries stay on record. */
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** The event id the subscriber sees (X-SMK-Event-Id); also names the delivery workflow. */
    id: uuid('id').primaryKey(),
    subscriberId: uuid('subscriber_id')
      .notNull()
      .references(() => webhookSubscribers.id),
    agreementId: uuid('agreement_id').notNull(),
    /** The workflow event the delivery reports (agreement_events.seq). */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** The exact JSON body, fixed when the event happened: every attempt sends the same bytes. */
    body: text('body').notNull(),
    /** pending, delivered, failed (attempts used up) or cancelled (subscriber removed). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('webhook_deliveries_event_key').on(table.agreementId, table.seq, table.subscriberId),
    index('webhook_deliveries_subscriber_idx').on(table.subscriberId, table.createdAt),
  ],
);
