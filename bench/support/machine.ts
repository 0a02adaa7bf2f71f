/** The facts of the machine a run measured on, for the head of RESULTS.md. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import postgres from 'postgres';

export interface MachineFacts {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  temporalCli: string;
  os: string;
  loadAtStart: string;
}

export async function machineFacts(databaseUrl: string, temporalCli: string): Promise<MachineFacts> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
  await sql.end();
  let cli = 'unknown';
  try {
    cli = execFileSync(temporalCli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // Only a label in the report.
  }

  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres: row?.version ?? 'unknown',
    temporalCli: cli,
    os: `${os.type()} ${os.release()}`,
    loadAtStart: os.loadavg().map((value) => value.toFixed(1)).join(' / '),
  };
}
