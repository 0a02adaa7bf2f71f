/**
 * The worker as its own process, as it runs in production (`tsx src/worker.ts`), so a fault
 * test can SIGKILL it in the middle of its work and start it again. Node loads tsx itself
 * (`--import tsx`): one process, so the signal reaches the worker and not a launcher.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../src/infra/project-root.js';

export interface ChildWorker {
  pid(): number | undefined;
  /** SIGKILL: no shutdown, activities in flight are cut off where they are. */
  kill(): Promise<void>;
  /** Starts the process again with the same environment; resolves once it polls. */
  start(): Promise<void>;
  /** SIGTERM and wait: the worker finishes what it runs, then exits. */
  stop(): Promise<void>;
  /** The last lines it wrote, for failure messages. */
  output(): string;
}

const READY_TIMEOUT_MS = 120_000;

export async function startChildWorker(env: Record<string, string>): Promise<ChildWorker> {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let lines: string[] = [];

  const start = async () => {
    lines = [];
    const spawned = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: projectRoot(),
      // The worker says "worker running" at info level: that line is our readiness signal.
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    exited = new Promise((resolve) => spawned.once('exit', () => resolve()));
    const killOnExit = () => spawned.kill('SIGKILL');
    process.on('exit', killOnExit);
    void exited.then(() => process.off('exit', killOnExit));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker not ready:\n${tail()}`)), READY_TIMEOUT_MS);
      const follow = (chunk: Buffer) => {
        for (const line of String(chunk).split('\n').filter(Boolean)) {
          lines.push(line);
          if (lines.length > 200) lines.shift();
          if (line.includes('"worker running"')) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      spawned.stdout!.on('data', follow);
      spawned.stderr!.on('data', follow);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`worker exited before it was ready:\n${tail()}`));
      });
    });
  };
  const tail = () => lines.slice(-40).join('\n');
  await start();

  return {
    pid: () => child?.pid,
    async kill() {
      child?.kill('SIGKILL');
      await exited;
      child = null;
    },
    start,
    async stop() {
      child?.kill('SIGTERM');
      await exited;
      child = null;
    },
    output: tail,
  };
}
