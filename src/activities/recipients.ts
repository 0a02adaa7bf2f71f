/**
 * Who receives a task's emails: the active users holding the acting role (in its unit), and
 * the acting officials it is delegated to.
 */
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Role } from '../domain/glossary.js';
import type { Database } from '../db/client.js';
import { delegatesInRole } from '../db/delegations.js';
import { users } from '../db/schema.js';

export interface Recipient {
  username: string;
  name: string;
  email: string;
}

export async function usersInRole(db: Database, role: Role, unitCode: string | null): Promise<Recipient[]> {
  const filters = [eq(users.active, true), arrayContains(users.roles, [role])];
  if (unitCode) filters.push(eq(users.unitCode, unitCode));

  const holders = await db
    .select({ username: users.username, name: users.name, email: users.email })
    .from(users)
    .where(and(...filters))
    .orderBy(users.username);
  // Acting officials (Plt./Plh.) receive the role's emails too while their delegation runs.
  const delegates = await delegatesInRole(db, role, unitCode);
  const known = new Set(holders.map((user) => user.username));

  return [...holders, ...delegates.filter((user) => !known.has(user.username))];
}
