/**
 * The demo users get their password once, when they are created in an empty database
 * (src/db/seed.ts), and the start banner (src/start-banner.ts) says exactly that: it shows a
 * random password on that start only, and does not promise that DEMO_PASSWORD set later
 * changes it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/api/auth/passwords.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { users } from '../../src/db/schema.js';
import { seedDemo } from '../../src/db/seed.js';
import { startBanner } from '../../src/start-banner.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let handle: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  handle = await openDatabase({ url: database.url, dataDir: '.' });
  await handle.migrate();
}, 60_000);
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

const where = { base: 'http://localhost:3000', temporalUi: null, database: 'DATABASE_URL', email: 'SMTP_URL' };
const bannerFor = (demoPassword: string | null) => startBanner({ ...where, demoPassword });

describe('the demo password', () => {
  it('is chosen on the first start only, as the banner of that start says', async () => {
    const first = await seedDemo(handle.db, {});
    expect(first.created).toBeGreaterThan(0);
    expect(first.password).toEqual(expect.any(String));
    const banner = bannerFor(first.password);
    expect(banner).toContain(`password: ${first.password}`);
    expect(banner).toContain('(shown this once: note it down. DEMO_PASSWORD is read only when the demo users');
    expect(banner).toContain('are first created, in an empty database; setting it on a later start changes nothing)');
    expect(banner).not.toContain('set DEMO_PASSWORD to choose it');

    const later = await seedDemo(handle.db, { password: 'dipilih-kemudian' });
    expect(later).toEqual({ created: 0, password: null });
    const [user] = await handle.db.select().from(users).where(eq(users.username, 'verifikator'));
    expect(await verifyPassword(first.password!, user!.passwordHash)).toBe(true);
    expect(await verifyPassword('dipilih-kemudian', user!.passwordHash)).toBe(false);
    expect(bannerFor(later.password)).not.toContain('password');
  });
});
