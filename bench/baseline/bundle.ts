/** Bundles the baseline workflows the way the product's are bundled (src/temporal/bundle.ts). */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

export async function bundleBaselineWorkflows(): Promise<string> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
      return config;
    },
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });

  return bundle.code;
}
