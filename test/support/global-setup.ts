/**
 * Once per test run: a Temporal dev server of our own (in memory, free port, search attributes
 * registered) and the workflow bundle built once. Each test file then makes its own database,
 * task queue and SMTP server, so runs never collide with each other or with `npm start`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/infra/free-port.js';
import { ensureTemporalCli, startDevServer } from '../../src/infra/temporal-cli.js';
import { bundleWorkflows } from '../../src/temporal/bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const cliPath = await ensureTemporalCli();
  const server = await startDevServer({ cliPath, port: await freePort(), headless: true, logLevel: 'error' });
  const bundle = await bundleWorkflows();
  const bundlePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'simk-bundle-')), 'workflows.js');
  fs.writeFileSync(bundlePath, bundle.code);

  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', bundlePath);

  return async () => {
    await server.stop();
    fs.rmSync(path.dirname(bundlePath), { recursive: true, force: true });
  };
}
