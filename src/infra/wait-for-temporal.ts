/** Readiness of a Temporal frontend: an open port is not enough, so ask it real questions. */
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';

export interface WaitForTemporalOptions {
  /** host:port of the frontend. */
  address: string;
  /** Namespace that must be described successfully; default `default`. */
  namespace?: string;
  /** Give up after this long; default 60 000 ms. */
  timeoutMs?: number;
  /** Stops waiting early, e.g. when the server process has died. */
  signal?: AbortSignal;
}

const ATTEMPT_MS = 2_000;
const PAUSE_MS = 250;

/** Resolves once the frontend answers getSystemInfo and describeNamespace. */
export async function waitForTemporal(options: WaitForTemporalOptions): Promise<void> {
  const { address, namespace = 'default', timeoutMs = 60_000, signal } = options;
  const deadline = Date.now() + timeoutMs;
  const abandoned = whenAborted(signal);
  let lastError: unknown;

  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      await Promise.race([probe(address, namespace), abandoned]);
      return;
    } catch (error) {
      lastError = error;
    }
    await sleep(PAUSE_MS, undefined, { signal }).catch(() => undefined);
  }

  signal?.throwIfAborted();
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`Temporal at ${address} was not ready after ${timeoutMs} ms: ${reason}`, {
    cause: lastError,
  });
}

/** Rejects with the abort reason, so a dead server ends a pending probe at once. */
function whenAborted(signal?: AbortSignal): Promise<never> {
  const never = new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
  never.catch(() => undefined);

  return never;
}

async function probe(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: ATTEMPT_MS });
  try {
    await connection.withDeadline(Date.now() + ATTEMPT_MS, async () => {
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
    });
  } finally {
    await connection.close();
  }
}
