/**
 * A database out of reach is a 503 `database_unavailable`, not a 500: checked with a real
 * postgres-js client aimed at a closed loopback port, through drizzle and Fastify.
 */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import Fastify from 'fastify';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/api/errors.js';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';
import { freePort } from '../../src/infra/free-port.js';

const client = postgres(`postgres://nobody@127.0.0.1:${await freePort()}/none`, { max: 1, connect_timeout: 2 });
const db = drizzle(client);
afterAll(() => client.end({ timeout: 1 }));

const failureOf = (query: Promise<unknown>) => query.then(() => null, (error: unknown) => error);

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection inside drizzle’s query error', async () => {
    const error = await failureOf(db.execute(sql`select 1`));
    expect(error).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('recognises a server shutting down or starting up by its SQLSTATE', () => {
    const message = 'terminating connection due to administrator command';
    const shutdown = Object.assign(new Error(message), { code: '57P01' });
    const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: shutdown }))).toBe(true);
    expect(isDatabaseUnavailable(starting)).toBe(true);
  });

  it('leaves query errors and other failures alone', () => {
    const duplicate = Object.assign(new Error('duplicate key value'), { code: '23505' });
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('the API error handler', () => {
  it('answers 503 database_unavailable in Bahasa Indonesia when the database cannot be reached', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.get('/needs-db', async () => db.execute(sql`select 1`));
    const response = await app.inject({ method: 'GET', url: '/needs-db' });
    await app.close();

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: {
        code: 'database_unavailable',
        message: 'Basis data sedang tidak tersedia; coba lagi sebentar lagi.',
        details: null,
      },
    });
  });
});
