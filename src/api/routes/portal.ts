/**
 * The portal: the single-page web app built by Vite into web/dist, served by the API process at
 * `/`. Client-side routes (/agreements/:id, /lacak/:code, ...) get index.html on reload; /api
 * and /docs keep their own JSON 404. Pages carry a strict CSP: the bundle has no inline script.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { projectRoot } from '../../infra/project-root.js';
import type { ApiContext } from '../context.js';
import { DOCUMENT_HEADERS } from '../security.js';

/** Paths that belong to the API or the docs, never to the portal. */
const NOT_PORTAL = /^\/(api|docs)(\/|$)|^\/(healthz|readyz|metrics)$/;
/** A path that names a file (has an extension) is an asset, not a client-side route. */
const ASSET = /\.[A-Za-z0-9]+$/;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `distDir` defaults to web/dist of the project (tests point it elsewhere). */
export function portalRoutes(
  app: FastifyInstance,
  _context?: ApiContext,
  distDir = join(projectRoot(), 'web', 'dist'),
) {
  // Only the reply.sendFile decorator: the route below decides what each path means.
  app.register(fastifyStatic, { serve: false, decorateReply: true });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (NOT_PORTAL.test(path)) return reply.callNotFound();
    securityHeaders(reply);
    if (!existsSync(join(distDir, 'index.html'))) return notBuilt(reply);

    if (ASSET.test(path)) {
      // Vite puts content-hashed files under /assets: they never change under the same name.
      const hashed = path.startsWith('/assets/');
      const file = (request.params as { '*': string })['*'];
      return reply.sendFile(file, distDir, { maxAge: hashed ? '365d' : '1h', immutable: hashed, dotfiles: 'ignore' });
    }
    if (!acceptsHtml(request.headers.accept)) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');

    return reply.sendFile('index.html', distDir, { cacheControl: false });
  });
}

function securityHeaders(reply: FastifyReply) {
  reply
    .headers(DOCUMENT_HEADERS)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
}

function acceptsHtml(accept: string | undefined): boolean {
  return !accept || accept.includes('text/html') || accept.includes('*/*');
}

/** A clear page instead of a crash when the portal was never built (e.g. install without scripts). */
function notBuilt(reply: FastifyReply) {
  const page = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Portal belum dibangun</title></head>
<body><main><h1>Portal belum dibangun</h1>
<p>Berkas portal (web/dist) tidak ditemukan. Jalankan <code>npm run build:web</code> lalu muat ulang halaman ini.</p>
<p lang="en">The portal has not been built: run <code>npm run build:web</code>, then reload. The API at
<a href="/docs">/docs</a> works meanwhile.</p></main></body></html>`;

  return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
}
