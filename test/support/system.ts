/**
 * The whole product for one test file: its own database, task queue and SMTP server, the
 * shared Temporal dev server, the worker and the API on a free port; and a small HTTP client.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startSystem, type RunningSystem } from '../../src/system.js';
import { createTestDatabase } from './database.js';
import { startSmtp, type TestSmtp } from './smtp.js';

export const DEMO_PASSWORD = 'uji-coba-rahasia';

export interface TestSystem {
  system: RunningSystem;
  smtp: TestSmtp;
  baseUrl: string;
  http: HttpClient;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

/** `options.logger` replaces the silent one, for tests that read what the product logs. */
export async function startTestSystem(
  env: Record<string, string> = {},
  options: { logger?: Logger } = {},
): Promise<TestSystem> {
  const database = await createTestDatabase();
  const smtp = await startSmtp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simk-test-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(4).toString('hex')}`,
    DEMO_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PUBLIC_BASE_URL: 'http://portal.test',
    ...env,
  });
  const system = await startSystem({
    config,
    logger: options.logger ?? createLogger(config.LOG_LEVEL),
    temporalAddress: inject('temporalAddress'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    seedDemoUsers: true,
  });
  const http = new HttpClient(system.url!);

  return {
    system,
    smtp,
    baseUrl: system.url!,
    http,
    async login(username) {
      const response = await http.post('/api/auth/login', { username, password: DEMO_PASSWORD });
      if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status}`);
      return (response.body as { token: string }).token;
    },
    async close() {
      await system.close();
      await smtp.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    url: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {},
  ): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${this.baseUrl}${url}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (CSV, HTML): the text itself is the body.
    }

    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(url: string, token?: string) {
    return this.request<T>('GET', url, { token });
  }

  post<T = any>(url: string, body: unknown, token?: string, headers?: Record<string, string>) {
    return this.request<T>('POST', url, { token, body, headers });
  }
}
