/**
 * Idempotency-Key for POSTs, scoped to the caller and the route: a repeat with the same body
 * gets the first answer, with another body 409. Stored in Postgres, so it holds across API
 * replicas and across the workflow's continueAsNew.
 */
import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { AppError } from './errors.js';

export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new AppError('invalid_input', 'Idempotency-Key harus 1–200 karakter ASCII yang terlihat.');
  }

  return key;
}

export async function idempotent<T>(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  work: () => Promise<{ status: number; body: T }>,
  /** What makes two requests "the same": the parsed body, unless the route reads a stream. */
  fingerprint: unknown = request.body,
): Promise<T> {
  const key = idempotencyKeyOf(request);
  if (!key) {
    const result = await work();
    reply.status(result.status);
    return result.body;
  }

  const caller = request.user?.username ?? 'anonymous';
  const scope = `${caller} ${request.method} ${request.routeOptions.url}:${JSON.stringify(request.params)}`;
  const requestHash = createHash('sha256').update(JSON.stringify(fingerprint ?? null)).digest('hex');
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash })
    .onConflictDoNothing()
    .returning();
  const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));

  if (claimed.length === 0) {
    const [existing] = await db.select().from(idempotencyKeys).where(where);
    if (!existing || existing.requestHash !== requestHash) {
      throw new AppError('idempotency_conflict', 'Idempotency-Key ini sudah dipakai untuk permintaan lain.');
    }
    if (existing.statusCode === null && !(await takeOverAbandoned(db, where, existing.createdAt))) {
      throw new AppError('conflict', 'Permintaan dengan Idempotency-Key ini masih diproses.');
    }
    if (existing.statusCode !== null) {
      reply.header('idempotent-replayed', 'true').status(existing.statusCode);
      return existing.response as T;
    }
  }

  try {
    const result = await work();
    await db.update(idempotencyKeys).set({ statusCode: result.status, response: result.body as object }).where(where);
    reply.status(result.status);
    return result.body;
  } catch (error) {
    // A refused request may be sent again with the same key once the cause is fixed.
    await db.delete(idempotencyKeys).where(where);
    throw error;
  }
}

/**
 * A claim whose request never finished (the API process died in the middle) would hold its key
 * for ever. After ABANDONED_AFTER_MS a repeat takes it over, once: the work is safe to redo,
 * because the Update id is derived from the same key and Temporal applies it only once.
 */
export const ABANDONED_AFTER_MS = 2 * 60_000;

async function takeOverAbandoned(db: Database, where: SQL | undefined, claimedAt: Date): Promise<boolean> {
  if (Date.now() - claimedAt.getTime() < ABANDONED_AFTER_MS) return false;
  // Of two repeats at once, only the first finds the claim still old.
  const stale = lt(idempotencyKeys.createdAt, new Date(Date.now() - ABANDONED_AFTER_MS));
  const unfinished = and(where, isNull(idempotencyKeys.statusCode), stale);
  const taken = await db.update(idempotencyKeys).set({ createdAt: new Date() }).where(unfinished).returning();

  return taken.length === 1;
}

/** A Temporal Update id derived from the caller's key, so a double click is one decision. */
export function updateIdFor(request: FastifyRequest, agreementId: string): string | undefined {
  const key = idempotencyKeyOf(request);
  if (!key) return undefined;

  return createHash('sha256')
    .update(`${request.user?.username}:${agreementId}:${request.routeOptions.url}:${key}`)
    .digest('hex');
}
