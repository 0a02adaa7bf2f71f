/**
 * HTTP hardening: security headers (helmet), CORS for the origins configuration names, and a
 * per-address rate limit whose refusal is a 429 in the product's error shape.
 *
 * The API answers JSON and files, never pages that run script, so its Content-Security-Policy
 * forbids everything; /docs (swagger-ui) and the printable reports loosen it for themselves.
 * Every answer carries the headers that matter for any content (policy, nosniff, HSTS, framing,
 * referrer, resource policy); the ones that only mean something to an HTML document (opener
 * policy, origin-agent cluster, DNS prefetch, and the legacy IE/Flash ones) go with pages only:
 * /docs, the portal and the printable reports (DOCUMENT_HEADERS). Fewer headers on each of the
 * API's many small JSON answers is measurable (bench/RESULTS.md, benchmark 1).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';
import { registerRateLimit } from './rate-limit.js';

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

/** Cross-origin API clients are governed by CORS, not by resource policy. */
const RESOURCE_POLICY = { crossOriginResourcePolicy: { policy: 'same-site' } } as const;

/** helmet without its document-only headers: what every answer carries. */
const API_ONLY: HelmetOptions = {
  ...RESOURCE_POLICY,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

const pageOptions = (directives: Record<string, string[]>): HelmetOptions => ({
  ...RESOURCE_POLICY,
  contentSecurityPolicy: { useDefaults: false, directives },
});

/** The headers only an HTML page needs besides every answer's: pages add them to their own. */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = (() => {
  const every = helmetHeaders({ ...API_ONLY, contentSecurityPolicy: false });
  const page = helmetHeaders({ ...RESOURCE_POLICY, contentSecurityPolicy: false });

  return Object.freeze(Object.fromEntries(Object.entries(page).filter(([name]) => !(name in every))));
})();

/**
 * What every answer carries. Worked out once: helmet's headers depend on nothing in the
 * request, and building helmet per request (as @fastify/helmet does) cost more CPU than the
 * public tracking read it guarded (bench/RESULTS.md, benchmark 1).
 */
export const API_HEADERS = helmetHeaders({
  ...API_ONLY,
  contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
});

/** Liveness, readiness and scrapes are never throttled: monitors poll them on purpose. */
const UNTHROTTLED = new Set(['/healthz', '/readyz', '/metrics']);

export async function registerSecurity(app: FastifyInstance, config: Config) {
  const docsHeaders = helmetHeaders(pageOptions(DOCS_CSP));
  // onRequest, so that every answer carries them, refusals and 404s included; a route may
  // still replace one (the printable reports' policy, the portal's pages). Errors met before
  // any hook runs (a path that cannot be decoded) add them in buildApp's frameworkErrors.
  // The request id goes with them: set first, it stays on every answer, refusals included. A
  // callback hook, not an async one: on every request an async hook costs a promise and a tick.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(API_HEADERS).header('x-request-id', request.id);
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

  registerRateLimit(app, { max: config.RATE_LIMIT_PER_MINUTE, unthrottledPaths: UNTHROTTLED });
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
