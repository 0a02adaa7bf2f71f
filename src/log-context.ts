/**
 * Fields that every log line written inside a unit of work carries, without passing a child
 * logger through every call: an activity's agreement and workflow ids, for example. The one
 * logger (logger.ts) adds the fields of the current context to each line it writes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type LogFields = Readonly<Record<string, string | number | null | undefined>>;

const storage = new AsyncLocalStorage<LogFields>();

/** Runs `work` with `fields` added to every log line written inside it (nested: merged). */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

export function currentLogFields(): LogFields {
  return storage.getStore() ?? {};
}
