import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../src/infra/free-port.js';
import { isExecutable } from '../../src/infra/pip-binary.js';
import {
  SEARCH_ATTRIBUTES,
  TEMPORAL_CLI_VERSION,
  ensureTemporalCli,
  ensureTestServer,
  startDevServer,
  type DevServer,
} from '../../src/infra/temporal-cli.js';

const exec = promisify(execFile);
const HOOK_MS = 120_000;

// temporal.api.enums.v1.IndexedValueType, as listSearchAttributes reports it.
const INDEXED_VALUE_TYPE = { Keyword: 2, Bool: 5, Datetime: 6 } as const;

describe('Temporal binaries', () => {
  it('provides the pinned temporal CLI', { timeout: HOOK_MS }, async () => {
    const cli = await ensureTemporalCli();
    const { stdout } = await exec(cli, ['--version']);

    expect(stdout).toContain(TEMPORAL_CLI_VERSION);
  });

  it('provides an executable time-skipping test server', { timeout: HOOK_MS }, async () => {
    expect(await isExecutable(await ensureTestServer())).toBe(true);
  });
});

describe('startDevServer', () => {
  let server: DevServer;
  let port: number;
  let connection: Connection;

  beforeAll(async () => {
    port = await freePort();
    server = await startDevServer({ cliPath: await ensureTemporalCli(), port, headless: true });
    connection = await Connection.connect({ address: server.address });
  }, HOOK_MS);

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  }, HOOK_MS);

  it('answers getSystemInfo on loopback', async () => {
    const info = await connection.workflowService.getSystemInfo({});

    expect(server.address).toBe(`127.0.0.1:${port}`);
    expect(server.uiUrl).toBeNull();
    expect(info.serverVersion).toBeTruthy();
  });

  it('registers the agreement search attributes in the default namespace', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });

    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect({ name, type: customAttributes?.[name] }).toEqual({
        name,
        type: INDEXED_VALUE_TYPE[type],
      });
    }
  });

  it('refuses a port that is already taken, naming it', async () => {
    const start = startDevServer({ cliPath: await ensureTemporalCli(), port, headless: true });

    await expect(start).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
  });

  it('frees its port when stopped', async () => {
    await connection.close();
    await server.stop();
    await server.stop();

    expect(await isPortFree(port)).toBe(true);
  });
});
