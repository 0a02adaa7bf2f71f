/**
 * Running agreements live for years, so every change to the workflow must replay the
 * histories they already have. This replays recorded histories of every path (made with
 * RECORD_HISTORIES=1 npx vitest run test/workflow) through the current workflow code.
 */
import fs from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

const folder = new URL('../fixtures/histories/', import.meta.url);
const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((file) => file.endsWith('.pb')).sort() : [];

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it('replays every recorded history through the current workflow code without nondeterminism', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.pb$/, ''),
      history: temporal.api.history.v1.History.decode(fs.readFileSync(new URL(file, folder))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
