import postgres from 'postgres';
import { startOwnPostgres } from '/work/main/test/support/own-postgres.ts';
const t0 = Date.now();
const pg = await startOwnPostgres();
console.log('started', Date.now() - t0, pg.url);
const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
console.log(await sql`select version()`);
await pg.stop('immediate');
try { await sql`select 1`; } catch (e: any) { console.log('down error', e.code, e.message, e.errno); }
await pg.start();
console.log(await sql`select 2 as x`);
await pg.restart('fast');
try { await sql`select 1`; } catch (e: any) { console.log('after restart error', e.code, e.message); }
console.log(await sql`select 3 as x`);
await sql.end();
await pg.destroy();
console.log('total', Date.now() - t0);
