/**
 * A PostgreSQL cluster of the test's own, made from the machine's binaries, so a fault test
 * may stop and restart it without touching the machine's server. initdb refuses to run as
 * root, so under root every command runs as the `postgres` user (runuser) in a folder it owns.
 * It listens on 127.0.0.1 only, on a free port, with trust authentication for loopback.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../../src/infra/free-port.js';

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** The cluster's data directory; it survives stop() and start(). */
  dataDir: string;
  running(): boolean;
  /** `fast` ends sessions and checkpoints; `immediate` is a crash (recovery on next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same data directory and port. */
  start(): Promise<void>;
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it and removes every file. */
  destroy(): Promise<void>;
}

export interface OwnPostgresOptions {
  /** Database created for the product; default `simk`. */
  database?: string;
  /** Folder of initdb and pg_ctl; default PG_BIN_DIR, else the newest /usr/lib/postgresql/<v>/bin. */
  binDir?: string;
}

export async function startOwnPostgres(options: OwnPostgresOptions = {}): Promise<OwnPostgres> {
  const binDir = options.binDir ?? process.env.PG_BIN_DIR ?? newestBinDir();
  const database = options.database ?? 'simk';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  if (asRoot()) chownToPostgres(root);
  const port = await freePort();

  const initdb = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '-N'];
  await run(binDir, 'initdb', initdb, root);
  // fsync off: these clusters never outlive a test and the machine does not crash under them;
  // commits still reach the WAL before they return, so a stop of any kind loses none.
  const settings = [
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${root}'`,
    'fsync = off',
    'max_connections = 200',
    "log_min_messages = 'warning'",
  ];
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${settings.join('\n')}\n`);

  let up = false;
  const pgCtl = (args: string[]) => run(binDir, 'pg_ctl', ['-D', dataDir, ...args], root);
  const start = async () => {
    await pgCtl(['-l', logFile, '-w', '-t', '60', 'start']);
    up = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!up) return;
    await pgCtl(['-m', mode, '-w', '-t', '60', 'stop']);
    up = false;
  };
  // A test that dies must not leave a postmaster behind holding its port.
  const stopOnExit = () => {
    if (!up) return;
    spawnSync(...command(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']), { cwd: root });
  };
  process.on('exit', stopOnExit);

  await start();
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  await admin.end();

  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    dataDir,
    running: () => up,
    stop,
    start,
    async restart(mode = 'fast') {
      await stop(mode);
      await start();
    },
    async destroy() {
      await stop('immediate').catch(() => {});
      process.off('exit', stopOnExit);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function newestBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!newest) throw new Error(`no PostgreSQL binaries under ${base}; set PG_BIN_DIR`);

  return path.join(base, newest, 'bin');
}

const asRoot = () => process.getuid?.() === 0;

function chownToPostgres(folder: string) {
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error('running as root, but there is no postgres user to run initdb as');
  }
  fs.chownSync(folder, uid, gid);
}

/** The command line, wrapped in runuser when we are root. */
function command(binDir: string, tool: string, args: string[]): [string, string[]] {
  const binary = path.join(binDir, tool);

  return asRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

async function run(binDir: string, tool: string, args: string[], cwd: string): Promise<void> {
  const [file, argv] = command(binDir, tool, args);
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`${tool} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-2000)}`);
}
