/**
 * The audit log (jejak audit): append-only, one hash chain. Each row carries the hash of the
 * row before it; src/audit/canonical.ts says exactly which fields are hashed and how. A
 * trigger (migration `audit_guard`) refuses UPDATE, DELETE and TRUNCATE, so a change needs
 * the owner to disable it on purpose, and the verifier then finds the break.
 */
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
  'audit_log',
  {
    /** Position in the chain, 1, 2, 3… without gaps; assigned under the append lock. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    /** Caller-chosen id of the event: a retried append with the same id adds nothing. */
    eventId: text('event_id').notNull().unique(),
    /** Millisecond precision, so the stored value hashes the same as the one appended. */
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),

    // Who: the person who acted, their unit, the role they used and the holder they stood in for
    actorUsername: text('actor_username'),
    actorUnit: text('actor_unit'),
    actorRole: text('actor_role'),
    /** Username of the office holder when the actor acted as Plt./Plh. */
    actingFor: text('acting_for'),

    // What, on what
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),

    // Where from
    requestId: text('request_id'),
    clientAddress: text('client_address'),

    /** Small facts about the event; never passwords, tokens or document contents. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),

    /** Hash of the previous entry (64 zeros for the first), and this entry's hash (hex). */
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    index('audit_log_target_idx').on(table.targetType, table.targetId),
    index('audit_log_actor_idx').on(table.actorUsername),
  ],
);
