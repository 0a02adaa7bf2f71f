/**
 * Accounts beyond the user row: login throttling (shared by every API replica, so a lockout
 * holds whichever replica answers) and delegations to acting officials (Plt./Plh.).
 */
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Failed logins per key: `user:<username>` or `address:<client address>`. The count restarts
 * when its window has passed or a lock has run out; a successful login deletes the user key.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstFailureAt: timestamp('first_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * A holder hands one of their roles to an acting official (Plt. / Plh.) for a period, on the
 * strength of a warrant (surat perintah). Revoked rows stay, for the record.
 */
export const delegations = pgTable(
  'delegations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    holderUsername: text('holder_username').notNull(),
    /** The holder's unit when the delegation was made: unit-bound tasks follow it. */
    holderUnitCode: text('holder_unit_code').notNull(),
    delegateUsername: text('delegate_username').notNull(),
    role: text('role').notNull(),
    /** `plt` (pelaksana tugas) or `plh` (pelaksana harian). */
    title: text('title').notNull(),
    warrantNumber: text('warrant_number').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
  },
  (table) => [
    index('delegations_delegate_idx').on(table.delegateUsername, table.validUntil),
    index('delegations_holder_idx').on(table.holderUsername),
  ],
);
