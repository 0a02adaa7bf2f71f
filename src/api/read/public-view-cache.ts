/**
 * A small in-process cache for the public tracking view: the busiest unauthenticated read,
 * where one Postgres round trip cost more than the rest of the request (bench/RESULTS.md,
 * benchmark 1).
 *
 * Freshness: an entry is served for at most `ttlMs` after its load began, so the public page
 * lags the projection by at most that; `clear()` drops everything at once (the API calls it
 * after its own writes, so a change made through this process shows at the next read).
 * Reloading views in the background before they expire was tried and dropped: it read
 * Postgres more often and cost more CPU per request than the misses it saved (benchmark 1).
 * Correctness: entries are keyed by the normalised tracking code and a load that was under
 * way when `clear()` ran is not stored, so no read can put back what a clear removed.
 * Bound: only views that exist are stored (a code nobody holds is loaded, answered and
 * forgotten), at most `maxEntries` of them, the oldest dropped first. Concurrent reads of one
 * code share one load.
 */

export interface PublicViewCacheOptions {
  /** How long a loaded view is served, in milliseconds; the most the page lags. Default 1000. */
  ttlMs?: number;
  /** Most views held at once. Default 10,000 (a few KiB each). */
  maxEntries?: number;
  /** The clock, in milliseconds; tests pass their own. Default `performance.now`. */
  now?: () => number;
}

export interface PublicViewCache<T> {
  /** The cached value for `code`, or what `load` gives (null: none, and nothing is kept). */
  get(code: string, load: () => Promise<T | null>): Promise<T | null>;
  /** Forgets every entry and every load under way. */
  clear(): void;
  /** Entries held now (expired ones included until they are read or pushed out). */
  readonly size: number;
}

export function createPublicViewCache<T>(options: PublicViewCacheOptions = {}): PublicViewCache<T> {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const entries = new Map<string, { value: T; expiresAt: number }>();
  const loading = new Map<string, Promise<T | null>>();
  let generation = 0;

  function startLoad(code: string, load: () => Promise<T | null>): Promise<T | null> {
    const started = generation;
    const loadedAt = now();
    const pending: Promise<T | null> = Promise.resolve()
      .then(load)
      .then((value) => {
        if (started === generation) keep(code, value, loadedAt);

        return value;
      })
      .finally(() => {
        if (loading.get(code) === pending) loading.delete(code);
      });
    loading.set(code, pending);

    return pending;
  }

  function keep(code: string, value: T | null, loadedAt: number) {
    // Map keeps insertion order, so the first key is the oldest entry.
    entries.delete(code);
    if (value === null) return;
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(code, { value, expiresAt: loadedAt + ttlMs });
  }

  return {
    get(code, load) {
      const entry = entries.get(code);
      if (entry && now() < entry.expiresAt) return Promise.resolve(entry.value);

      return loading.get(code) ?? startLoad(code, load);
    },
    clear() {
      generation += 1;
      entries.clear();
      loading.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
