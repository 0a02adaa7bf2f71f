/**
 * Once per fault-test run: the workflow bundle, built once for the in-process workers. Each
 * fault test starts its own Temporal server, database and SMTP server (fault-stack.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleWorkflows } from '../../src/temporal/bundle.js';

export default async function setup(project: TestProject) {
  const bundle = await bundleWorkflows();
  const bundlePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'simk-bundle-')), 'workflows.js');
  fs.writeFileSync(bundlePath, bundle.code);
  project.provide('workflowBundlePath', bundlePath);

  return () => fs.rmSync(path.dirname(bundlePath), { recursive: true, force: true });
}
