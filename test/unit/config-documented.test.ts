/**
 * The configuration is documented where operators look: `.env.example` lists every variable
 * src/config.ts reads, once, with a one-line comment and its default, and README's
 * configuration table names each of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/infra/project-root.js';

const exampleLines = fs.readFileSync(path.join(projectRoot(), '.env.example'), 'utf8').split('\n');
const assignments = exampleLines
  .map((line, index) => ({ line, index, match: /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line) }))
  .filter((entry) => entry.match !== null)
  .map(({ index, match }) => ({ name: match![1]!, value: match![2]!, index }));

describe('.env.example', () => {
  it('lists every variable the configuration reads, each once, and nothing else', () => {
    const names = assignments.map((entry) => entry.name);

    expect([...names].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('gives each variable its default: read as the environment, it configures as an empty one', () => {
    const env = Object.fromEntries(assignments.map((entry) => [entry.name, entry.value]));

    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('says in a comment line above each variable what it is for', () => {
    const uncommented = assignments.filter((entry) => !/^# \S/.test(exampleLines[entry.index - 1] ?? ''));

    expect(uncommented.map((entry) => entry.name)).toEqual([]);
  });
});

describe("README's configuration table", () => {
  it('names every variable the configuration reads', () => {
    const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
    const start = readme.indexOf('## Configuration');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const firstColumns = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|')[1]!);
    const named = new Set(firstColumns.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])));

    expect(CONFIG_VARIABLES.filter((name) => !named.has(name))).toEqual([]);
  });
});
