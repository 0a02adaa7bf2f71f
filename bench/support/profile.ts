/**
 * With BENCH_PROFILE=<folder>, a benchmark's product phase is CPU-profiled in this process (the
 * product's API and worker) and written as `<folder>/<name>.cpuprofile`, which Chrome DevTools
 * and `node --cpu-prof` readers open. Without it, `profiled` only runs the work.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return work();

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
