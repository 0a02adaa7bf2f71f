/**
 * A per-address request limit (fixed one-minute windows, counted in this process), refused with
 * 429 in the product's error shape and a Retry-After header. An IPv6 client is counted by its
 * /64 (`clientBucket`), as one IPv4 address behind a NAT is.
 *
 * Its own few lines instead of @fastify/rate-limit: that plugin's per-route async hooks and its
 * store's timers cost a fifth of a bare server's throughput (bench/RESULTS.md, benchmark 1); a
 * counter in a Map does the same job here. Each replica counts its own requests, as the plugin's
 * in-memory store did; a deployment that needs one city-wide budget puts it in the proxy.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { clientBucket } from '../domain/ip-address.js';
import { AppError } from './errors.js';

export interface RateLimitOptions {
  /** Requests per address per window. */
  max: number;
  windowMs?: number;
  /** Addresses counted at once; beyond that, the address seen longest ago is forgotten. */
  maxAddresses?: number;
  /** Paths never counted (monitors poll them on purpose). */
  unthrottledPaths?: ReadonlySet<string>;
  now?: () => number;
}

interface Window {
  count: number;
  resetAt: number;
}

export function registerRateLimit(app: FastifyInstance, options: RateLimitOptions) {
  const windowMs = options.windowMs ?? 60_000;
  const maxAddresses = options.maxAddresses ?? 50_000;
  // Monotonic: a clock stepped back must not stretch the windows already open.
  const now = options.now ?? (() => performance.now());
  const unthrottled = options.unthrottledPaths ?? new Set<string>();
  const limit = String(options.max);
  const windows = new Map<string, Window>();

  app.addHook('onRequest', (request, reply, done) => {
    if (unthrottled.size > 0 && unthrottled.has(pathOf(request.url))) return done();
    const at = now();
    const client = clientBucket(request.ip);
    let window = windows.get(client);
    if (!window || window.resetAt <= at) {
      // Re-inserted, so the Map stays ordered by the moment each window opened.
      windows.delete(client);
      forgetExpired(windows, at, maxAddresses);
      window = { count: 0, resetAt: at + windowMs };
      windows.set(client, window);
    }
    window.count += 1;
    const secondsLeft = Math.max(1, Math.ceil((window.resetAt - at) / 1000));
    setHeaders(reply, limit, Math.max(0, options.max - window.count), secondsLeft);
    if (window.count <= options.max) return done();

    reply.header('retry-after', secondsLeft);
    done(
      new AppError('rate_limited', `Terlalu banyak permintaan; coba lagi dalam ${secondsLeft} detik.`, {
        limitPerMinute: options.max,
        retryAfterSeconds: secondsLeft,
      }),
    );
  });
}

function setHeaders(reply: FastifyReply, limit: string, remaining: number, reset: number) {
  reply.header('x-ratelimit-limit', limit);
  reply.header('x-ratelimit-remaining', remaining);
  reply.header('x-ratelimit-reset', reset);
}

/**
 * The Map is ordered by opening time, so expired windows sit at its head: each is dropped once
 * (constant work per request on average). When every counted address is still in its window
 * and there is no room, the one whose window opened first is forgotten.
 */
function forgetExpired(windows: Map<string, Window>, at: number, maxAddresses: number) {
  for (const [address, window] of windows) {
    if (window.resetAt > at && windows.size < maxAddresses) return;
    windows.delete(address);
    if (window.resetAt > at) return;
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');

  return query === -1 ? url : url.slice(0, query);
}
