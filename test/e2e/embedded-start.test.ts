/**
 * The README's start command as a newcomer runs it: `src/main.ts` with nothing configured but
 * ports and a fresh DATA_DIR, so it starts the Temporal dev server from the pinned CLI and an
 * embedded PGlite, migrates, seeds and serves. Then it is stopped with Ctrl-C and started again:
 * the agreement is still there and its timer still fires (the reminder arrives as an .eml file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/infra/free-port.js';
import { HttpClient } from '../support/system.js';

const proposal = JSON.parse(fs.readFileSync(new URL('../../../shared/data/agreements/02-ksdd-ksb-kota-jambi.json', import.meta.url), 'utf8'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-embedded-'));
const password = 'tertanam-rahasia';
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child) await stop(child);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(ports: { api: number; temporal: number; ui: number }) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(ports.api),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      DATA_DIR: dataDir,
      DEMO_PASSWORD: password,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (chunk) => (output += chunk));
  proc.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Si Mbois Ker berjalan')) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`start failed:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return { proc, output: () => output };
}

async function stop(proc: ChildProcess) {
  if (proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGINT');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  if (proc.exitCode === null) proc.kill('SIGKILL');
}

describe('the embedded start (npm start)', () => {
  it('starts from nothing, survives a restart, and resumes its timers', async () => {
    const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort() };
    const first = await start(ports);
    child = first.proc;
    expect(first.output()).toContain(`/docs`);
    expect(first.output()).toContain(`Temporal UI  : http://127.0.0.1:${ports.ui}`);
    const http = new HttpClient(`http://127.0.0.1:${ports.api}`);
    const login = async (username: string) => (await http.post('/api/auth/login', { username, password })).body.token as string;

    const initiator = await login('pemrakarsa.diskominfo');
    const created = await http.post('/api/agreements', { ...proposal, unitCode: 'DISKOMINFO' }, initiator);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const upload = new FormData();
    upload.set('type', 'kak');
    upload.set('file', new Blob([Buffer.from('%PDF-1.4\n% KAK\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), 'kak.pdf');
    expect((await http.request('POST', `/api/agreements/${id}/documents`, { token: initiator, raw: upload })).status).toBe(201);
    expect((await http.post(`/api/agreements/${id}/decisions`, { stage: 'draft', decision: 'submit', note: '' }, initiator)).status).toBe(200);
    const verifier = await login('verifikator');
    const dueAt = new Date(Date.now() + 25_000).toISOString();
    expect((await http.post(`/api/agreements/${id}/deadline`, { dueAt, reason: 'uji mulai ulang' }, verifier)).status).toBe(200);

    // Ctrl-C, then start again on the same DATA_DIR.
    await stop(first.proc);
    const second = await start(ports);
    child = second.proc;
    expect(second.output()).not.toContain('password:'); // the demo password is printed only once
    const detail = await http.get(`/api/agreements/${id}`, await login('verifikator'));
    expect(detail.body).toMatchObject({ stage: 'verification', trackingCode: created.body.trackingCode });

    const outbox = path.join(dataDir, 'outbox');
    const deadline = Date.now() + 90_000;
    let reminders: string[] = [];
    while (reminders.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      reminders = fs.existsSync(outbox)
        ? fs.readdirSync(outbox).filter((file) => fs.readFileSync(path.join(outbox, file), 'utf8').includes('Pengingat'))
        : [];
    }
    expect(reminders.length).toBeGreaterThan(0);
    const mail = fs.readFileSync(path.join(outbox, reminders[0]!), 'utf8');
    expect(mail).toContain('verifikator@simboisker.localhost');
  }, 400_000);
});
