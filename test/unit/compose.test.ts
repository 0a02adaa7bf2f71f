import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DCLinter } from 'dclint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/infra/project-root.js';
import { searchAttributePairs } from '../../src/infra/search-attributes.js';
import {
  composeSchemaValidator,
  dependenciesOf,
  environmentOf,
  hostIpOf,
  loadCompose,
} from '../support/compose-file.js';

const compose = loadCompose();
const services = Object.entries(compose.services);
const APP_ENV = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SMTP_URL'];
APP_ENV.push('PUBLIC_BASE_URL', 'PORT', 'DATA_DIR');

describe('docker-compose.yml', () => {
  it('conforms to the Compose Specification schema', () => {
    const validate = composeSchemaValidator();

    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('is checked by a schema that does reject a malformed file', () => {
    const validate = composeSchemaValidator();

    expect(validate({ services: { api: { image: 'x:1', imag: 'x:2' } } })).toBe(false);
    expect(validate({ services: { api: { image: 'x:1', depends_on: 5 } } })).toBe(false);
    expect(validate({ ...compose, servics: {} })).toBe(false);
  });

  it('has no error from dclint, with explicit tags and bound ports required', () => {
    // Its ordering rules are style preferences and stay warnings; these two are not.
    const rules = { 'no-unbound-port-interfaces': 2, 'service-image-require-explicit-tag': 2 };
    const linter = new DCLinter({ rules, quiet: true, debug: false, exclude: [] });
    const [result] = linter.lintFiles([join(projectRoot(), 'docker-compose.yml')], false);
    const errors = result?.messages.filter((m: { type: string }) => m.type === 'error');

    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
  });

  it('runs the production-like set of services', () => {
    const expected = ['postgres', 'temporal', 'temporal-ui', 'mailpit', 'api', 'worker'];

    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(expected));
  });

  it.each(services)('gives %s an image or a build', (_, service) => {
    expect(service.image ?? service.build).toBeTruthy();
  });

  it.each(services)('pins the image tag of %s', (_, service) => {
    if (!service.image) return;
    const tag = /:([^/:]+)$/.exec(service.image)?.[1];

    expect(tag, service.image).toBeTruthy();
    expect(tag).not.toBe('latest');
  });

  it.each(['postgres', 'temporal', 'mailpit', 'api'])('health-checks %s', (name) => {
    const check = compose.services[name]?.healthcheck;

    expect(check?.test?.length).toBeGreaterThan(0);
    expect(check?.disable).not.toBe(true);
  });

  it.each(['api', 'worker'])('configures %s through the environment', (name) => {
    const env = environmentOf(compose.services[name]!);

    for (const key of APP_ENV) expect(env[key], key).toBeTruthy();
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    // The default, 127.0.0.1, would be unreachable from outside the container.
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/.+@postgres:5432\//);
  });

  it.each(['api', 'worker'])('starts %s only after its dependencies are ready', (name) => {
    const deps = Object.fromEntries(dependenciesOf(compose.services[name]!));

    expect(deps.postgres).toBe('service_healthy');
    expect(deps['temporal-setup']).toBe('service_completed_successfully');
  });

  it.each(services)('waits on %s dependencies that can report it', (name, service) => {
    for (const [dep, condition] of dependenciesOf(service)) {
      const target = compose.services[dep];
      expect(target, `${name} depends on unknown ${dep}`).toBeDefined();
      if (condition === 'service_healthy') expect(target?.healthcheck, dep).toBeDefined();
      if (condition === 'service_completed_successfully') expect(target?.restart).toBe('no');
    }
  });

  it.each(services)('publishes the ports of %s on 127.0.0.1 only', (_, service) => {
    for (const port of service.ports ?? []) expect(hostIpOf(port), String(port)).toBe('127.0.0.1');
  });

  it('registers exactly the search attributes the workflow upserts', () => {
    const setup = environmentOf(compose.services['temporal-setup']!);
    const registered = setup.SEARCH_ATTRIBUTES?.trim().split(/\s+/).sort();

    expect(registered).toEqual(searchAttributePairs().sort());
  });

  it.each(services)('mounts only files that exist into %s', (_, service) => {
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0]! : volume.source ?? '';
      if (!source.startsWith('.')) continue;

      expect(existsSync(join(projectRoot(), source)), source).toBe(true);
    }
    if (service.build) expect(existsSync(join(projectRoot(), 'Dockerfile'))).toBe(true);
  });
});
