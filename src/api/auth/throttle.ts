/**
 * Login throttling: failed logins are counted per username and per client address in Postgres
 * (so every API replica sees the same counts); at the limit the key is locked for a while and
 * logins under it get 429 with Retry-After, without the password being checked. A successful
 * login clears its username's count; the address count runs out with its window.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import { rowsOf, type Database } from '../../db/client.js';
import { loginThrottle } from '../../db/schema.js';
import { clientBucket } from '../../domain/ip-address.js';

export interface ThrottleKeys {
  user: string;
  address: string;
}

export function throttleKeys(username: string, address: string): ThrottleKeys {
  return { user: `user:${username}`, address: `address:${clientBucket(address)}` };
}

/** Seconds until the longest lock on these keys runs out; 0 when none is locked. */
export async function lockedSeconds(db: Database, keys: ThrottleKeys): Promise<number> {
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(inArray(loginThrottle.key, [keys.user, keys.address]));
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));

  return until > Date.now() ? Math.ceil((until - Date.now()) / 1000) : 0;
}

/** Counts one failure under both keys; returns the seconds of a lock it started, or 0. */
export async function recordFailure(db: Database, keys: ThrottleKeys, config: Config): Promise<number> {
  const lockSeconds = config.LOGIN_LOCK_MINUTES * 60;
  const locks = await Promise.all([
    countFailure(db, keys.user, config.LOGIN_MAX_FAILURES, lockSeconds),
    countFailure(db, keys.address, config.LOGIN_MAX_FAILURES_PER_ADDRESS, lockSeconds),
  ]);

  return locks.some(Boolean) ? Math.ceil(lockSeconds) : 0;
}

export async function clearFailures(db: Database, key: string): Promise<void> {
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [key]));
}

/**
 * One upsert, so concurrent failures on several replicas count exactly. A count whose window
 * (the lock length) has passed, or whose lock has run out, starts again at 1.
 */
async function countFailure(db: Database, key: string, max: number, lockSeconds: number): Promise<boolean> {
  const lock = sql`(now() + ${lockSeconds}::float8 * interval '1 second')`;
  const stale = sql`(login_throttle.first_failure_at < now() - ${lockSeconds}::float8 * interval '1 second'
    or (login_throttle.locked_until is not null and login_throttle.locked_until <= now()))`;
  const next = sql`(case when ${stale} then 1 else login_throttle.failures + 1 end)`;
  const result = await db.execute(sql`
    insert into login_throttle (key, failures, first_failure_at, locked_until)
    values (${key}, 1, now(), case when 1 >= ${max}::int then ${lock} end)
    on conflict (key) do update set
      failures = ${next},
      first_failure_at = case when ${stale} then now() else login_throttle.first_failure_at end,
      locked_until = case when ${next} >= ${max}::int then ${lock}
        when ${stale} then null else login_throttle.locked_until end
    returning locked_until is not null and failures >= ${max}::int as locked`);

  return rowsOf<{ locked: boolean }>(result)[0]?.locked ?? false;
}
