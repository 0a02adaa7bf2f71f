/**
 * Who may read which agreement (domain.md, the permission matrix): offices see their own unit's,
 * the city-wide reviewers see everything submitted, the auditor and the admin see all. Kept as
 * one rule in two forms: a SQL condition for lists and a predicate for single reads.
 */
import { eq, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../domain/permissions.js';
import { agreements } from '../db/schema.js';

const READ_ALL = ['auditor', 'admin'] as const;
const READ_SUBMITTED = ['verifier', 'legal', 'tkksd', 'approver', 'head'] as const;

export function visibleTo(actor: Actor): SQL | undefined {
  if (actor.roles.some((role) => (READ_ALL as readonly string[]).includes(role))) return undefined;
  const ownUnit = eq(agreements.unitCode, actor.unitCode);
  if (actor.roles.some((role) => (READ_SUBMITTED as readonly string[]).includes(role))) {
    return or(ownUnit, ne(agreements.status, 'draft'));
  }
  if (actor.roles.includes('initiator') || actor.roles.includes('unit_head')) return ownUnit;

  return sql`false`;
}

export function canRead(actor: Actor, agreement: { unitCode: string; status: string }): boolean {
  if (actor.roles.some((role) => (READ_ALL as readonly string[]).includes(role))) return true;
  if (
    agreement.unitCode === actor.unitCode &&
    (actor.roles.includes('initiator') || actor.roles.includes('unit_head'))
  ) {
    return true;
  }
  if (actor.roles.some((role) => (READ_SUBMITTED as readonly string[]).includes(role))) {
    return agreement.status !== 'draft' || agreement.unitCode === actor.unitCode;
  }

  return false;
}
