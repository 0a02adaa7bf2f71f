/** Resident memory of another process, read from /proc (Linux), sampled until stopped. */
import fs from 'node:fs';

export interface RssSampler {
  /** Current resident set size in bytes. */
  now(): number;
  peak(): number;
  stop(): void;
}

export function sampleRss(pid: number, everyMs = 250): RssSampler {
  let peak = 0;
  const read = () => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    peak = Math.max(peak, kib * 1024);

    return kib * 1024;
  };
  const timer = setInterval(() => {
    try {
      read();
    } catch {
      // The process has ended; the last reading stands.
    }
  }, everyMs);

  return { now: read, peak: () => peak, stop: () => clearInterval(timer) };
}
