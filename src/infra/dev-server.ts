/**
 * Runs `temporal server start-dev` as a child process bound to loopback, with the
 * agreement search attributes registered, and resolves only once it answers RPCs.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPortFree } from './free-port.js';
import { OutputTail } from './output-tail.js';
import { searchAttributePairs } from './search-attributes.js';
import { waitForTemporal } from './wait-for-temporal.js';

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;

export interface DevServerOptions {
  /** The `temporal` CLI binary (see ensureTemporalCli). */
  cliPath: string;
  /** Frontend gRPC port on 127.0.0.1. */
  port: number;
  /** Web UI port; default `port + 1000`. Unused when headless. */
  uiPort?: number;
  /** Run without the Web UI; default false. */
  headless?: boolean;
  /** SQLite file that keeps state across restarts; default in memory (lost on stop). */
  dbFile?: string;
  /** A namespace to create besides `default`; readiness waits for it. */
  namespace?: string;
  /** Server log level: debug, info, warn, error or never; default warn. */
  logLevel?: string;
  /** Append all server output to this file. */
  logFile?: string;
  /** How long to wait for the server to answer; default 60 000 ms. */
  readyTimeoutMs?: number;
}

export interface DevServer {
  /** host:port for Connection.connect / NativeConnection.connect. */
  address: string;
  /** Web UI address, or null when headless. */
  uiUrl: string | null;
  /** SIGTERM, then SIGKILL after a grace period; safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would (fault tests); resolves once the process is gone. */
  kill(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const uiPort = options.headless ? null : (options.uiPort ?? options.port + 1000);
  await assertFree(options.port, 'port');
  if (uiPort !== null) await assertFree(uiPort, 'uiPort');
  if (options.dbFile) await mkdir(dirname(options.dbFile), { recursive: true });

  const child = spawn(options.cliPath, devServerArgs(options, uiPort), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new OutputTail(40, options.logFile);
  output.follow(child.stdout);
  output.follow(child.stderr);

  // A dev server outliving its parent would hold the port and confuse the next run.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const died = new AbortController();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      died.abort(new Error(`temporal server exited (${signal ?? `code ${code}`}) early`));
      resolve();
    });
    child.once('error', (error) => {
      died.abort(error);
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= terminate());
  const kill = () => {
    if (!died.signal.aborted) child.kill('SIGKILL');
    return stop();
  };
  async function terminate(): Promise<void> {
    if (!died.signal.aborted) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), grace()]);
      if (timedOut) child.kill('SIGKILL');
      await exited;
    }
    process.off('exit', killOnExit);
    await output.close();
  }

  try {
    await waitForTemporal({
      address: `${HOST}:${options.port}`,
      namespace: options.namespace ?? 'default',
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      signal: died.signal,
    });
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    const message = `temporal dev server on ${HOST}:${options.port} did not start: ${reason}`;
    throw new Error(`${message}\n--- last output ---\n${output.text()}`, { cause: error });
  }

  const uiUrl = uiPort === null ? null : `http://${HOST}:${uiPort}`;

  return { address: `${HOST}:${options.port}`, uiUrl, stop, kill };
}

function devServerArgs(options: DevServerOptions, uiPort: number | null): string[] {
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(options.port)];
  // The UI's news feed would reach out to the internet; nothing here should.
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (options.namespace && options.namespace !== 'default') {
    args.push('--namespace', options.namespace);
  }
  args.push('--log-level', options.logLevel ?? 'warn');
  for (const pair of searchAttributePairs()) args.push('--search-attribute', pair);

  return args;
}

async function assertFree(port: number, name: string): Promise<void> {
  if (await isPortFree(port, HOST)) return;
  throw new Error(`${name} ${port} on ${HOST} is already in use`);
}

async function grace(): Promise<true> {
  await sleep(STOP_GRACE_MS, undefined, { ref: false });
  return true;
}
