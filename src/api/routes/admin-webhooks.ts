/**
 * Admin: webhook subscribers (integrasi SPBE). The signing secret is generated here and shown
 * once, at creation or rotation. Addresses in private, loopback or link-local ranges are refused
 * unless WEBHOOK_ALLOW_PRIVATE. Admin only; every change audited (never the secret).
 */
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhook-events.js';
import { webhookDeliveries, webhookSubscribers } from '../../db/schema.js';
import { checkWebhookUrl, WebhookAddressError } from '../../infra/webhook-http.js';
import { audit } from '../audit.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { text, uuidParam } from '../schemas.js';

const subscriberBody = z.object({
  url: text(2000),
  description: text(500).optional(),
  /** Event types to receive; omitted or null means all. */
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(10).nullable().optional(),
  active: z.boolean().optional(),
});
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

type Subscriber = typeof webhookSubscribers.$inferSelect;

export function adminWebhookRoutes(app: FastifyInstance, { db, config }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const target = (id: string) => ({ type: 'webhook', id });
  const checkedUrl = async (url: string) => {
    try {
      return (await checkWebhookUrl(url, config.WEBHOOK_ALLOW_PRIVATE)).toString();
    } catch (error) {
      if (!(error instanceof WebhookAddressError)) throw error;
      throw new AppError('address_not_allowed', error.message, [{ field: 'body.url' }]);
    }
  };
  const load = async (id: string) => {
    const [row] = await db
      .select()
      .from(webhookSubscribers)
      .where(and(eq(webhookSubscribers.id, id), isNull(webhookSubscribers.deletedAt)));
    if (!row) throw notFound('Pelanggan webhook');

    return row;
  };

  routes.get('/api/admin/webhooks', { schema: { tags, querystring: pageQuery } }, async (request) => {
    requireOwnRole(request, 'admin');
    const { page, pageSize } = request.query;
    const live = isNull(webhookSubscribers.deletedAt);
    const [counted] = await db.select({ total: count() }).from(webhookSubscribers).where(live);
    const rows = await db
      .select()
      .from(webhookSubscribers)
      .where(live)
      .orderBy(desc(webhookSubscribers.createdAt), desc(webhookSubscribers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);

    return { items: rows.map(view), total: counted?.total ?? 0, page, pageSize };
  });

  routes.post('/api/admin/webhooks', { schema: { tags, body: subscriberBody } }, async (request, reply) => {
    const admin = requireOwnRole(request, 'admin');
    const { description, events, active } = request.body;
    const url = await checkedUrl(request.body.url);
    const secret = newSecret();
    const createdBy = admin.username;
    const [created] = await db
      .insert(webhookSubscribers)
      .values({ url, description, events: events ?? null, active, secret, createdBy })
      .returning();
    await audit(request, 'admin.webhook.create', target(created!.id), { url }, { role: 'admin' });

    // The only time the secret is shown: the subscriber needs it to check signatures.
    return reply.status(201).send({ ...view(created!), secret });
  });

  const byId = { schema: { tags, params: uuidParam } };

  routes.get('/api/admin/webhooks/:id', byId, async (request) => {
    requireOwnRole(request, 'admin');

    return view(await load(request.params.id));
  });

  routes.patch(
    '/api/admin/webhooks/:id',
    { schema: { tags, params: uuidParam, body: subscriberBody.partial() } },
    async (request) => {
      requireOwnRole(request, 'admin');
      await load(request.params.id);
      const { url, ...rest } = request.body;
      const changes = { ...rest, ...(url === undefined ? {} : { url: await checkedUrl(url) }) };
      const [updated] = await db
        .update(webhookSubscribers)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(webhookSubscribers.id, request.params.id))
        .returning();
      await audit(request, 'admin.webhook.update', target(updated!.id), changes, { role: 'admin' });

      return view(updated!);
    },
  );

  routes.delete('/api/admin/webhooks/:id', byId, async (request, reply) => {
    requireOwnRole(request, 'admin');
    await load(request.params.id);
    // Kept, marked deleted: its deliveries stay on record; pending ones are cancelled.
    await db
      .update(webhookSubscribers)
      .set({ active: false, deletedAt: new Date(), updatedAt: new Date() })
      .where(eq(webhookSubscribers.id, request.params.id));
    await audit(request, 'admin.webhook.delete', target(request.params.id), {}, { role: 'admin' });

    return reply.status(204).send();
  });

  routes.post('/api/admin/webhooks/:id/secret', byId, async (request) => {
    requireOwnRole(request, 'admin');
    await load(request.params.id);
    const secret = newSecret();
    await db
      .update(webhookSubscribers)
      .set({ secret, updatedAt: new Date() })
      .where(eq(webhookSubscribers.id, request.params.id));
    const rotated = target(request.params.id);
    await audit(request, 'admin.webhook.rotate_secret', rotated, {}, { role: 'admin' });

    return { id: request.params.id, secret };
  });

  routes.get(
    '/api/admin/webhooks/:id/deliveries',
    { schema: { tags, params: uuidParam, querystring: pageQuery } },
    async (request) => {
      requireOwnRole(request, 'admin');
      await load(request.params.id);
      const { page, pageSize } = request.query;
      const mine = eq(webhookDeliveries.subscriberId, request.params.id);
      const [counted] = await db.select({ total: count() }).from(webhookDeliveries).where(mine);
      const rows = await db
        .select()
        .from(webhookDeliveries)
        .where(mine)
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);

      const items = rows.map(({ body: _body, subscriberId: _subscriber, ...delivery }) => delivery);

      return { items, total: counted?.total ?? 0, page, pageSize };
    },
  );
}

/** 32 random bytes, base64url: the HMAC key. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function view({ secret: _secret, deletedAt: _deletedAt, ...subscriber }: Subscriber) {
  return subscriber;
}
