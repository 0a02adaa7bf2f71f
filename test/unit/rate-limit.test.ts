import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/api/errors.js';
import { registerRateLimit, type RateLimitOptions } from '../../src/api/rate-limit.js';

let app: FastifyInstance | undefined;
let clock = 0;

async function appLimitedTo(options: Omit<RateLimitOptions, 'now'>) {
  app = Fastify({ trustProxy: true });
  registerErrorHandling(app);
  registerRateLimit(app, { ...options, now: () => clock });
  app.get('/api/ping', async () => ({ ok: true }));
  app.get('/healthz', async () => ({ ok: true }));
  await app.ready();

  return app;
}

const from = (address: string, url = '/api/ping') => app!.inject({ url, headers: { 'x-forwarded-for': address } });

afterEach(async () => {
  await app?.close();
  app = undefined;
  clock = 0;
});

describe('the per-address rate limit', () => {
  it('counts each address on its own and refuses past the limit with Retry-After, in the error shape', async () => {
    await appLimitedTo({ max: 2, windowMs: 60_000 });
    clock = 1_000;
    const first = await from('192.0.2.1');
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '60' });
    expect((await from('192.0.2.1')).statusCode).toBe(200);
    clock = 16_000;
    const refused = await from('192.0.2.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Terlalu banyak permintaan; coba lagi dalam 45 detik.',
        details: { limitPerMinute: 2, retryAfterSeconds: 45 },
      },
    });
    // Another address has its own budget.
    expect((await from('192.0.2.2')).statusCode).toBe(200);
  });

  it('opens a fresh window once the old one has passed', async () => {
    await appLimitedTo({ max: 1, windowMs: 60_000 });
    expect((await from('192.0.2.1')).statusCode).toBe(200);
    expect((await from('192.0.2.1')).statusCode).toBe(429);
    clock = 59_999;
    expect((await from('192.0.2.1')).statusCode).toBe(429);
    clock = 60_000;
    expect((await from('192.0.2.1')).statusCode).toBe(200);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as the IPv4 one', async () => {
    await appLimitedTo({ max: 3 });
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2::a', '2001:db8:1:2:ffff::9']) {
      expect((await from(address)).statusCode).toBe(200);
    }
    expect((await from('2001:db8:1:2::beef')).statusCode).toBe(429);
    expect((await from('2001:db8:1:3::1')).statusCode).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await from('198.51.100.4')).statusCode).toBe(200);
    expect((await from('::ffff:198.51.100.4')).statusCode).toBe(429);
  });

  it('never counts the unthrottled paths', async () => {
    await appLimitedTo({ max: 1, unthrottledPaths: new Set(['/healthz']) });
    for (let i = 0; i < 5; i += 1) expect((await from('192.0.2.1', '/healthz?probe=1')).statusCode).toBe(200);
    expect((await from('192.0.2.1')).statusCode).toBe(200);
    expect((await from('192.0.2.1')).statusCode).toBe(429);
  });

  it('keeps at most maxAddresses windows: expired ones go first, then the oldest', async () => {
    await appLimitedTo({ max: 1, windowMs: 60_000, maxAddresses: 3 });
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await from(address)).statusCode).toBe(200);
    // Full and nothing expired: a fourth address pushes out the first, which starts afresh.
    expect((await from('192.0.2.4')).statusCode).toBe(200);
    expect((await from('192.0.2.2')).statusCode).toBe(429);
    expect((await from('192.0.2.1')).statusCode).toBe(200);
    // Every window expired: new addresses replace them, and a remembered one is refused no longer.
    clock = 120_000;
    expect((await from('192.0.2.5')).statusCode).toBe(200);
    expect((await from('192.0.2.3')).statusCode).toBe(200);
    expect((await from('192.0.2.3')).statusCode).toBe(429);
  });
});
