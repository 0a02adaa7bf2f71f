/**
 * Delegations in force (Plt./Plh.): read by authentication (the delegate's extra roles), by
 * the inbox and by the reminder recipients. A delegation is in force from `validFrom` until
 * `validUntil`, unless revoked, and only while its holder's account is active.
 */
import { and, eq, gt, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../domain/glossary.js';
import type { Database } from './client.js';
import { delegations, users } from './schema.js';

export interface ActiveDelegation {
  id: string;
  role: Role;
  holderUsername: string;
  holderUnitCode: string;
  title: string;
  warrantNumber: string;
}

const holder = alias(users, 'holder');

function inForce(at: Date | SQL) {
  return and(
    isNull(delegations.revokedAt),
    lte(delegations.validFrom, at),
    gt(delegations.validUntil, at),
    eq(holder.active, true),
  );
}

/** The delegations a user holds as acting official right now. */
export async function activeDelegationsTo(
  db: Database,
  username: string,
  at = new Date(),
): Promise<ActiveDelegation[]> {
  const rows = await db
    .select({
      id: delegations.id,
      role: delegations.role,
      holderUsername: delegations.holderUsername,
      holderUnitCode: delegations.holderUnitCode,
      title: delegations.title,
      warrantNumber: delegations.warrantNumber,
    })
    .from(delegations)
    .innerJoin(holder, eq(holder.username, delegations.holderUsername))
    .where(and(eq(delegations.delegateUsername, username), inForce(at)))
    .orderBy(delegations.validFrom);

  return rows.map((row) => ({ ...row, role: row.role as Role }));
}

/**
 * `activeDelegationsTo` as a JSON array for one statement: the delegations the user in
 * `usernameColumn` holds as acting official at `at` (authentication reads them with the session).
 */
export function activeDelegationsJson(usernameColumn: AnyPgColumn, at: SQL): SQL<ActiveDelegation[]> {
  return sql<ActiveDelegation[]>`(select coalesce(json_agg(json_build_object(
      'id', ${delegations.id}, 'role', ${delegations.role}, 'holderUsername', ${delegations.holderUsername},
      'holderUnitCode', ${delegations.holderUnitCode}, 'title', ${delegations.title},
      'warrantNumber', ${delegations.warrantNumber}) order by ${delegations.validFrom}), '[]')
    from ${delegations} inner join ${users} as ${holder} on ${holder.username} = ${delegations.holderUsername}
    where ${delegations.delegateUsername} = ${usernameColumn} and ${inForce(at)})`;
}

/** Active users acting for a role by delegation, for holders of the given unit (or any unit). */
export async function delegatesInRole(db: Database, role: Role, unitCode: string | null, at = new Date()) {
  const delegate = alias(users, 'delegate');
  const filters = [eq(delegations.role, role), inForce(at), eq(delegate.active, true)];
  if (unitCode) filters.push(eq(delegations.holderUnitCode, unitCode));

  return db
    .selectDistinct({ username: delegate.username, name: delegate.name, email: delegate.email })
    .from(delegations)
    .innerJoin(holder, eq(holder.username, delegations.holderUsername))
    .innerJoin(delegate, eq(delegate.username, delegations.delegateUsername))
    .where(and(...filters));
}
