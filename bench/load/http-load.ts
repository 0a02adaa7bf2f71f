/**
 * Child process: autocannon against one server for a fixed time, after a short warm-up.
 * Input `{ url, paths?, connections, durationSec, warmupSec }`; with `paths`, each request
 * takes one of them in turn (many tracking codes rather than one hot row).
 */
import autocannon from 'autocannon';
import { answer, readInput } from '../support/child.js';

interface Input {
  url: string;
  paths?: string[];
  connections: number;
  durationSec: number;
  warmupSec: number;
}

const input = await readInput<Input>();

function options(duration: number): autocannon.Options {
  let turn = 0;
  const paths = input.paths;
  return {
    url: input.url,
    connections: input.connections,
    duration,
    ...(paths?.length
      ? { requests: [{ setupRequest: (request) => ({ ...request, path: paths[turn++ % paths.length]! }) }] }
      : {}),
  };
}

await autocannon(options(input.warmupSec));
const result = await autocannon(options(input.durationSec));

answer({
  requestsPerSecond: result.requests.average,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
});
