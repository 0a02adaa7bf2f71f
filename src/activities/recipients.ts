/** Who receives a task's emails: the active users holding the acting role (in its unit). */
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Role } from '../domain/glossary.js';
import type { Database } from '../db/client.js';
import { users } from '../db/schema.js';

export interface Recipient {
  username: string;
  name: string;
  email: string;
}

export async function usersInRole(db: Database, role: Role, unitCode: string | null): Promise<Recipient[]> {
  const filters = [eq(users.active, true), arrayContains(users.roles, [role])];
  if (unitCode) filters.push(eq(users.unitCode, unitCode));

  return db
    .select({ username: users.username, name: users.name, email: users.email })
    .from(users)
    .where(and(...filters))
    .orderBy(users.username);
}
