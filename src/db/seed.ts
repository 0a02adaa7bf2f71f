/**
 * Demo units and users of domain.md, created once. The password is DEMO_PASSWORD, or a random
 * one that is returned so the embedded start can print it once.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../domain/glossary.js';
import { hashPassword } from '../api/auth/passwords.js';
import type { Database } from './client.js';
import { units, users } from './schema.js';

export const DEMO_UNITS: [code: string, name: string][] = [
  ['PEM', 'Bagian Pemerintahan'],
  ['HUKUM', 'Bagian Hukum'],
  ['SETDA', 'Sekretariat Daerah'],
  ['DINKES', 'Dinas Kesehatan'],
  ['DISHUB', 'Dinas Perhubungan'],
  ['DLH', 'Dinas Lingkungan Hidup'],
  ['BPBD', 'Badan Penanggulangan Bencana Daerah'],
  ['DISKOMINFO', 'Dinas Komunikasi dan Informatika'],
  ['BAPPEDA', 'Badan Perencanaan Pembangunan Daerah'],
  ['INSPEKTORAT', 'Inspektorat'],
];

interface DemoUser {
  username: string;
  name: string;
  roles: Role[];
  unitCode: string;
}

export function demoUsers(): DemoUser[] {
  const initiators = ['dinkes', 'dishub', 'dlh', 'bpbd', 'diskominfo', 'bappeda', 'pem'].map((unit) => ({
    username: `pemrakarsa.${unit}`,
    name: `Pemrakarsa ${unit.toUpperCase()}`,
    roles: ['initiator'] as Role[],
    unitCode: unit.toUpperCase(),
  }));
  const heads = [
    { username: 'kepala.dinkes', name: 'Kepala Dinas Kesehatan', unitCode: 'DINKES' },
    { username: 'kepala.pem', name: 'Kepala Bagian Pemerintahan', unitCode: 'PEM' },
    { username: 'kepala.hukum', name: 'Kepala Bagian Hukum', unitCode: 'HUKUM' },
  ].map((head) => ({ ...head, roles: ['unit_head'] as Role[] }));

  return [
    ...initiators,
    ...heads,
    { username: 'verifikator', name: 'Verifikator Bagian Pemerintahan', roles: ['verifier'], unitCode: 'PEM' },
    { username: 'hukum', name: 'Penelaah Bagian Hukum', roles: ['legal'], unitCode: 'HUKUM' },
    { username: 'tkksd', name: 'Sekretaris TKKSD', roles: ['tkksd'], unitCode: 'PEM' },
    { username: 'sekda', name: 'Sekretaris Daerah', roles: ['approver'], unitCode: 'SETDA' },
    { username: 'walikota', name: 'Wali Kota', roles: ['head'], unitCode: 'SETDA' },
    { username: 'auditor', name: 'Auditor Inspektorat', roles: ['auditor'], unitCode: 'INSPEKTORAT' },
    { username: 'admin', name: 'Administrator Sistem', roles: ['admin'], unitCode: 'SETDA' },
  ];
}

/** Returns the generated password when users were created without DEMO_PASSWORD, else null. */
export async function seedDemo(db: Database, options: { password?: string; emailDomain?: string }) {
  await db.insert(units).values(DEMO_UNITS.map(([code, name]) => ({ code, name }))).onConflictDoNothing();
  const existing = await db.select({ username: users.username }).from(users).limit(1);
  if (existing.length > 0) return { created: 0, password: null };

  const password = options.password ?? randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const domain = options.emailDomain ?? 'simboisker.localhost';
  const rows = demoUsers().map((user) => ({ ...user, email: `${user.username}@${domain}`, passwordHash }));
  await db.insert(users).values(rows).onConflictDoNothing();

  return { created: rows.length, password: options.password ? null : password };
}
