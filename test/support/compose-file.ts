/**
 * Reads docker-compose.yml and the official Compose Specification schema (shipped in the
 * dclint package), so the compose file is checked here where no Docker engine runs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { projectRoot } from '../../src/infra/project-root.js';

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: unknown;
  entrypoint?: unknown;
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { host_ip?: string; published?: unknown })[];
  volumes?: (string | { type?: string; source?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadCompose(): ComposeFile {
  const text = readFileSync(join(projectRoot(), 'docker-compose.yml'), 'utf8');

  return parse(text) as ComposeFile;
}

/** A validator for the Compose Specification, from the schema file dclint ships. */
export function composeSchemaValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(join(dir, 'schemas/compose.schema.json'), 'utf8'));
  // Its "$schema" URL is not the one Ajv registers draft-07 under; the keywords are draft-07.
  delete schema.$schema;

  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** Environment as a map, whichever of the two compose syntaxes a service uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) {
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
  }

  return Object.fromEntries(
    env.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** The host address a published port binds to ('' when the entry names none: all). */
export function hostIpOf(port: string | number | { host_ip?: string }): string {
  if (typeof port === 'object') return port.host_ip ?? '';
  const parts = String(port).split(':');
  // "ip:host:container" names an address; "host:container" and "container" do not.
  return parts.length >= 3 ? parts.slice(0, -2).join(':') : '';
}

/** Names of the services this one waits for, with the condition it waits on. */
export function dependenciesOf(service: ComposeService): [string, string | undefined][] {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return deps.map((name) => [name, undefined]);

  return Object.entries(deps).map(([name, spec]) => [name, spec?.condition]);
}
