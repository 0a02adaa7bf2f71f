/**
 * The audit chain's hash, defined once so the API, the command-line check and an auditor's own
 * script all compute the same thing.
 *
 * Canonical serialisation of an entry: a JSON object with exactly the fields of
 * `HASHED_FIELDS`, keys sorted by UTF-16 code unit (plain `sort()`) at every depth, no
 * whitespace, `null` for an absent value, `at` as ISO 8601 UTC with milliseconds
 * (`2026-01-02T03:04:05.678Z`), `seq` as a number, `data` as stored (JSON). The entry's hash is
 * the SHA-256 (hex) of the UTF-8 bytes of that text; `prevHash` is inside it, which makes the
 * chain. The first entry's `prevHash` is 64 zeros.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export const HASHED_FIELDS = [
  'seq',
  'eventId',
  'at',
  'actorUsername',
  'actorUnit',
  'actorRole',
  'actingFor',
  'action',
  'targetType',
  'targetId',
  'requestId',
  'clientAddress',
  'data',
  'prevHash',
] as const;

export interface ChainEntry {
  seq: number;
  eventId: string;
  at: Date;
  actorUsername: string | null;
  actorUnit: string | null;
  actorRole: string | null;
  actingFor: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  clientAddress: string | null;
  data: Record<string, unknown>;
  prevHash: string;
}

export function canonicalEntry(entry: ChainEntry): string {
  const fields: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) {
    const value = entry[field];
    fields[field] = field === 'at' ? (value as Date).toISOString() : (value ?? null);
  }

  return canonicalJson(fields);
}

export function entryHash(entry: ChainEntry): string {
  return createHash('sha256').update(canonicalEntry(entry), 'utf8').digest('hex');
}

/** JSON with sorted keys at every depth; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined).sort();

  const members = keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);

  return `{${members.join(',')}}`;
}

/**
 * What jsonb will give back: plain JSON values only (dates become strings, undefined goes).
 * Hashing this form means the stored row hashes the same as the appended one.
 */
export function plainData(data: unknown): Record<string, unknown> {
  if (data === undefined || data === null) return {};

  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}
