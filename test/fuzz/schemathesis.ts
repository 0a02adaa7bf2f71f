/**
 * Schemathesis, the OpenAPI fuzzer (PyPI), in a project-local virtual environment: installed on
 * first use from test/fuzz/requirements.txt (every package pinned) and reused while that file
 * is unchanged. Needs only `python3` with its standard `venv` module.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/infra/project-root.js';

const exec = promisify(execFile);
const REQUIREMENTS = join(projectRoot(), 'test', 'fuzz', 'requirements.txt');
const MARKER = '.requirements-sha256';
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Path of the `st` command, installing the pinned environment first when needed. */
export async function ensureSchemathesis(): Promise<string> {
  const requirements = await readFile(REQUIREMENTS, 'utf8');
  const version = /^schemathesis==(\S+)$/m.exec(requirements)?.[1];
  if (!version) throw new Error(`${REQUIREMENTS} must pin schemathesis==<version>`);
  const venv = join(projectRoot(), '.tools', `schemathesis-${version}`);
  const st = join(venv, 'bin', 'st');
  const digest = createHash('sha256').update(requirements).digest('hex');

  const installed = await readFile(join(venv, MARKER), 'utf8').catch(() => null);
  if (installed?.trim() === digest && existsSync(st)) return st;

  await rm(venv, { recursive: true, force: true });
  await run('python3', ['-m', 'venv', venv], 'python3 -m venv (install python3-venv?)');
  const pip = ['-m', 'pip', 'install', '--quiet', '--no-input', '--disable-pip-version-check'];
  await run(join(venv, 'bin', 'python'), [...pip, '--only-binary=:all:', '-r', REQUIREMENTS], 'pip install');
  await writeFile(join(venv, MARKER), `${digest}\n`);

  return st;
}

async function run(command: string, args: string[], what: string) {
  try {
    await exec(command, args, { timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-10).join('\n');
    throw new Error(`${what} failed while installing schemathesis${stderr ? `:\n${stderr}` : ''}`, {
      cause: error,
    });
  }
}
