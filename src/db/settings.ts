/** Settings the admin edits, stored as JSON under a key in table `settings`. */
import { eq } from 'drizzle-orm';
import type { SlaOverrides } from '../domain/sla.js';
import type { Database } from './client.js';
import { settings } from './schema.js';

export const SLA_OVERRIDES_KEY = 'sla_overrides';

export async function readSetting<T>(db: Database, key: string, fallback: T): Promise<T> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));

  return row ? (row.value as T) : fallback;
}

export async function writeSetting(db: Database, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

/** Per-kind, per-stage working days set by the admin; read when a task starts. */
export function loadSlaOverrides(db: Database): Promise<SlaOverrides> {
  return readSetting<SlaOverrides>(db, SLA_OVERRIDES_KEY, {});
}
