/**
 * Admin: settings. Today the time limits (SLA) per kind and stage, in working days, stored
 * under `sla_overrides` and read when a task starts (record-transition.ts): tasks already
 * running keep their due date. `*` applies to every kind; a kind's own entry wins.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KINDS } from '../../domain/glossary.js';
import { DEFAULT_REMINDER_POLICY, DEFAULT_SLAS, type SlaOverrides } from '../../domain/sla.js';
import { loadSlaOverrides, SLA_OVERRIDES_KEY, writeSetting } from '../../db/settings.js';
import { audit } from '../audit.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';

const TIMED_STAGES = Object.keys(DEFAULT_SLAS) as [keyof typeof DEFAULT_SLAS, ...(keyof typeof DEFAULT_SLAS)[]];
const days = z.number().int().min(1).max(365);
const stageDays = z.partialRecord(z.enum(TIMED_STAGES), days);
const slaOverridesBody = z.partialRecord(z.enum([...KINDS, '*']), stageDays);

export function adminSettingsRoutes(app: FastifyInstance, { db }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  routes.get('/api/admin/settings', { schema: { tags } }, async (request) => {
    requireOwnRole(request, 'admin');

    return {
      slaOverrides: await loadSlaOverrides(db),
      defaults: { slas: DEFAULT_SLAS, reminderPolicy: DEFAULT_REMINDER_POLICY },
    };
  });

  routes.put('/api/admin/settings/sla-overrides', { schema: { tags, body: slaOverridesBody } }, async (request) => {
    requireOwnRole(request, 'admin');
    const overrides = request.body as SlaOverrides;
    const before = await loadSlaOverrides(db);
    await writeSetting(db, SLA_OVERRIDES_KEY, overrides);
    const target = { type: 'setting', id: SLA_OVERRIDES_KEY };
    await audit(request, 'admin.settings.sla_overrides', target, { before, after: overrides }, { role: 'admin' });

    return { slaOverrides: overrides };
  });
}
