/**
 * Load generators and workers run as separate Node processes, so that they never share an
 * event loop with what they measure. A child gets its input as JSON on stdin and answers with
 * one `BENCH_RESULT <json>` line on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RESULT_PREFIX = 'BENCH_RESULT ';

/** Runs `bench/<script>` under tsx with `input` and resolves with its result. */
export async function runChild<T>(script: string, input: unknown, env: Record<string, string> = {}): Promise<T> {
  const child = spawnScript(script, env);
  child.stdin!.end(JSON.stringify(input));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line) {
    throw new Error(`${script} exited with ${code}\n${stderr.slice(-4000)}\n${stdout.slice(-2000)}`);
  }

  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/** Starts `bench/<script>` (or an absolute path) under tsx, as its own process. */
export function spawnScript(script: string, env: Record<string, string> = {}, args: string[] = []): ChildProcess {
  const path = script.startsWith('/') ? script : fileURLToPath(new URL(`../${script}`, import.meta.url));

  return spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** In a child: the JSON its parent wrote on stdin. */
export async function readInput<T>(): Promise<T> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;

  return JSON.parse(text || 'null') as T;
}

/** In a child: hands the result to the parent and ends the process. */
export function answer(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
}
