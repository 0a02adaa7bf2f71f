/**
 * HTTP hardening: security headers (helmet), CORS for the origins configuration names, and a
 * per-address rate limit whose refusal is a 429 in the product's error shape.
 *
 * The API answers JSON and files, never pages that run script, so its Content-Security-Policy
 * forbids everything; /docs (swagger-ui) and the printable reports loosen it for themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** swagger-ui loads its own scripts and styles from /docs and sets inline styles. */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The printable reports: their own inline style, nothing else. */
export const PRINTABLE_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Liveness, readiness and scrapes are never throttled: monitors poll them on purpose. */
const UNTHROTTLED = new Set(['/healthz', '/readyz', '/metrics']);

export async function registerSecurity(app: FastifyInstance, config: Config) {
  // helmet's headers depend on nothing in the request, so each policy's set is worked out once:
  // building helmet per request (as @fastify/helmet does) cost more CPU than the public
  // tracking read it guarded (bench/RESULTS.md, benchmark 1).
  const apiHeaders = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    // Cross-origin API clients are governed by CORS below, not by resource policy.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  const docsHeaders = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // onRequest, so that every answer carries them, refusals and 404s included; a route may
  // still replace one (the printable reports' policy, the portal's pages).
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(apiHeaders);
    done();
  });
  // Must run before /docs is registered: its routes set their own policy after the global one.
  app.addHook('onRoute', (route) => {
    if (route.url !== '/docs' && !route.url.startsWith('/docs/')) return;
    const setDocsHeaders: onRequestHookHandler = (_request, reply, done) => {
      reply.headers(docsHeaders);
      done();
    };
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [...own, setDocsHeaders];
  });

  if (config.CORS_ORIGINS.length > 0) {
    await app.register(cors, {
      origin: config.CORS_ORIGINS,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      exposedHeaders: ['x-request-id', 'content-disposition', 'retry-after'],
      maxAge: 600,
    });
  }

  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (request) => UNTHROTTLED.has(request.url.split('?')[0]!),
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Terlalu banyak permintaan; coba lagi dalam ${context.after}.`, {
        limitPerMinute: context.max,
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
}

/** The headers helmet sets with `options`, collected from one run of its middleware. */
function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
    removeHeader: () => {},
  };
  const setHeaders = helmet(options);
  setHeaders({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });

  return Object.freeze(headers);
}
