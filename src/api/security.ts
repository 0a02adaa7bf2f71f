/**
 * HTTP hardening: security headers (helmet), CORS for the origins configuration names, and a
 * per-address rate limit whose refusal is a 429 in the product's error shape.
 *
 * The API answers JSON and files, never pages that run script, so its Content-Security-Policy
 * forbids everything; /docs (swagger-ui) and the printable reports loosen it for themselves.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
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
  // Must run before /docs is registered, so that its routes get the docs policy.
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      const helmet = { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } };
      route.config = { ...route.config, helmet } as typeof route.config;
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    // Cross-origin API clients are governed by CORS below, not by resource policy.
    crossOriginResourcePolicy: { policy: 'same-site' },
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
