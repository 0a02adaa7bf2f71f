import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestLatency } from '../../src/api/request-latency.js';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

describe('the request latency histogram', () => {
  it("scrapes exactly as prom-client's own Histogram given the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const latency = new RequestLatency('simk_http_request_duration_seconds', 'HTTP request latency', BOUNDS, ours);
    const reference = new Histogram({
      name: 'simk_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['route', 'method', 'status_code'],
      buckets: BOUNDS,
      registers: [theirs],
    });
    // Bounds themselves (le is inclusive), values between, beyond the last bound, and a label
    // value that needs escaping.
    const observations: [string, string, number, number][] = [
      ['/api/agreements/:id', 'GET', 200, 0.005],
      ['/api/agreements/:id', 'GET', 200, 0.0051],
      ['/api/agreements/:id', 'GET', 404, 0.2],
      ['/api/public/track/:trackingCode', 'GET', 200, 0.0001],
      ['unmatched', 'POST', 404, 12],
      ['/a "quoted" \\ route\n', 'GET', 200, 1],
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const [route, method, status, seconds] of observations) {
        latency.observe(route, method, status, seconds * (round + 1));
        reference.observe({ route, method, status_code: String(status) }, seconds * (round + 1));
      }
    }

    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('simk_http_request_duration_seconds_count{route="/api/agreements/:id",method="GET",status_code="200"} 6');

    latency.reset();
    reference.reset();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
