import { describe, expect, it } from 'vitest';
import { createPublicViewCache } from '../../src/api/read/public-view-cache.js';

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A load whose answer the test hands over when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('createPublicViewCache', () => {
  it('serves a loaded view from memory until its time is up, then reads it again', async () => {
    const clock = manualClock();
    const cache = createPublicViewCache<string>({ ttlMs: 1000, now: clock.now });
    let stage = 'draft';
    let loads = 0;
    const load = async () => ((loads += 1), stage);

    expect(await cache.get('KS-2026-AAAAAA', load)).toBe('draft');
    stage = 'verification';
    clock.advance(999);
    expect(await cache.get('KS-2026-AAAAAA', load)).toBe('draft');
    clock.advance(1);
    expect(await cache.get('KS-2026-AAAAAA', load)).toBe('verification');
    expect(loads).toBe(2);
  });

  it('shares one load between reads of the same code that arrive while it runs', async () => {
    const cache = createPublicViewCache<string>();
    const pending = deferred<string>();
    let loads = 0;
    const load = () => ((loads += 1), pending.promise);

    const reads = [cache.get('KS-2026-AAAAAA', load), cache.get('KS-2026-AAAAAA', load)];
    pending.resolve('draft');

    expect(await Promise.all(reads)).toEqual(['draft', 'draft']);
    expect(loads).toBe(1);
  });

  it('answers a failed load to the reads waiting for it, and loads afresh for the next one', async () => {
    const cache = createPublicViewCache<string>();
    const failing = async () => Promise.reject(new Error('database down'));

    await expect(cache.get('KS-2026-AAAAAA', failing)).rejects.toThrow('database down');

    expect(await cache.get('KS-2026-AAAAAA', async () => 'draft')).toBe('draft');
  });

  it('never keeps a code nobody holds, however many are asked for', async () => {
    const cache = createPublicViewCache<string>({ maxEntries: 10 });

    for (let i = 0; i < 1000; i += 1) {
      const code = `KS-2026-${String(i).padStart(6, '0')}`;
      expect(await cache.get(code, async () => null)).toBeNull();
    }

    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries views, dropping the oldest first', async () => {
    const cache = createPublicViewCache<string>({ maxEntries: 3 });
    for (const code of ['A', 'B', 'C', 'D']) await cache.get(code, async () => `view ${code}`);
    expect(cache.size).toBe(3);

    let reloaded = 0;
    await cache.get('A', async () => ((reloaded += 1), 'view A'));
    await cache.get('D', async () => ((reloaded += 1), 'view D'));

    expect(reloaded).toBe(1);
    expect(cache.size).toBe(3);
  });

  it('forgets everything on clear, and does not keep a load that was under way', async () => {
    const cache = createPublicViewCache<string>();
    await cache.get('KS-2026-AAAAAA', async () => 'draft');
    const before = deferred<string>();
    const overdue = cache.get('KS-2026-BBBBBB', () => before.promise);

    cache.clear();
    before.resolve('draft');
    await overdue;

    expect(cache.size).toBe(0);
    expect(await cache.get('KS-2026-AAAAAA', async () => 'verification')).toBe('verification');
    expect(await cache.get('KS-2026-BBBBBB', async () => 'verification')).toBe('verification');
  });
});
