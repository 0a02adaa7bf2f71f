/**
 * Running agreements live for years, so every change to the workflow must replay the
 * histories they already have. This replays recorded histories of every path through the
 * current workflow code. Each folder under histories/ is one generation of the code
 * (`RECORD_HISTORIES=<folder> npx vitest run test/workflow` records a new one); older
 * generations stay, since agreements started under them are still running.
 */
import fs from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const folder = new URL('../fixtures/histories/', import.meta.url);
const files = fs.existsSync(folder)
  ? fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.pb')).sort()
  : [];
const generations = new Set(files.map((file) => file.split('/')[0]));

describe('replay of recorded histories', () => {
  it('has recorded histories of more than one generation of the workflow code to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(generations.size).toBeGreaterThanOrEqual(2);
  });

  it('replays every recorded history through the current workflow code without nondeterminism', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.pb$/, '').replace('/', ':'),
      history: temporal.api.history.v1.History.decode(fs.readFileSync(new URL(file, folder))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
