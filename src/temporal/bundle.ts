/**
 * The workflow bundle. Workflow code goes through the SDK's own webpack build (not tsx or
 * vite); ESM `./x.js` specifiers in our TypeScript sources resolve to the `.ts` files.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

export function workflowsPath(): string {
  const here = fileURLToPath(import.meta.url);
  const extension = here.endsWith('.ts') ? 'ts' : 'js';

  return fileURLToPath(new URL(`../workflows/index.${extension}`, import.meta.url));
}

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
      return config;
    },
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
}
