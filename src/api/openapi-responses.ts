/**
 * Response schemas for the OpenAPI document (/docs) and for serialisation. Every documented
 * route answers errors in the one error shape, so that is added to all of them here; the
 * success shapes of the core routes are kept here too, as loose objects: a field added by a
 * route later passes through, while a missing or mistyped one is caught (by the serialiser
 * and by the OpenAPI fuzzer in CI) instead of reaching clients.
 *
 * A route that declares its own `response` keeps it; only the missing error entries are added.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { errorResponse } from './schemas.js';

const isoTime = z.string().describe('ISO 8601 time');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const partner = z.looseObject({
  name: z.string(),
  type: z.string(),
  country: z.string().optional(),
});

export const agreementSummary = z.looseObject({
  id: z.uuid(),
  trackingCode: z.string(),
  title: z.string(),
  kind: z.string(),
  instrument: z.string(),
  stage: z.string(),
  status: z.string(),
  unitCode: z.string(),
  partners: z.array(partner),
  dueAt: isoTime.nullable(),
  overdue: z.boolean(),
  startDate: localDate.nullable(),
  endDate: localDate.nullable(),
});

export const agreementDetailResponse = agreementSummary.extend({
  purpose: z.string(),
  scope: z.string(),
  durationMonths: z.number().int(),
  path: z.array(z.string()),
  createdAt: isoTime,
  pendingTask: z
    .looseObject({
      stage: z.string(),
      role: z.string(),
      dueAt: isoTime.nullable(),
      overdue: z.boolean(),
      remindersSent: z.number().int(),
    })
    .nullable(),
  timeline: z.array(z.looseObject({ stage: z.string(), type: z.string(), at: isoTime })),
  obligations: z.array(z.looseObject({ type: z.string(), dueAt: isoTime })),
  reports: z.array(z.looseObject({ id: z.uuid(), period: z.string(), status: z.string() })),
  documents: z.array(z.unknown()),
  links: z.looseObject({}),
  /** Emails the mail server refused for good (5xx), so the verifier can reach those people. */
  notifications: z.looseObject({
    failed: z.array(
      z.looseObject({ kind: z.string(), error: z.string().nullable(), failedAt: isoTime }),
    ),
  }),
});

const listResponse = z.looseObject({
  items: z.array(agreementSummary),
  total: z.number().int().describe('matching agreements, counted up to 10,000 (a search: up to 1,000)'),
  totalCapped: z.boolean().describe('true when more agreements match than `total` counted'),
  page: z.number().int().nullable().describe('null when the page was asked for by cursor'),
  pageSize: z.number().int(),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

const userResponse = z.looseObject({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  unitCode: z.string(),
});

const publicTrackResponse = z.looseObject({
  trackingCode: z.string(),
  stage: z.string(),
  confidential: z.boolean(),
  title: z.string().optional(),
  partners: z.array(partner).optional(),
  stages: z
    .array(z.looseObject({ stage: z.string(), startedAt: isoTime, endedAt: isoTime.nullable() }))
    .optional(),
});

const taskItem = z.looseObject({
  agreementId: z.uuid(),
  trackingCode: z.string(),
  title: z.string(),
  stage: z.string(),
  role: z.string(),
  dueAt: isoTime.nullable(),
  overdue: z.boolean(),
});

const SUCCESS: Record<string, Record<number, z.ZodType>> = {
  'POST /api/auth/login': {
    200: z.looseObject({ token: z.string(), expiresAt: isoTime, user: userResponse }),
  },
  'POST /api/auth/logout': { 200: z.looseObject({ ok: z.boolean() }) },
  'GET /api/auth/me': { 200: userResponse },
  'POST /api/agreements': {
    201: z.looseObject({
      id: z.uuid(),
      trackingCode: z.string(),
      stage: z.string(),
      status: z.string(),
    }),
  },
  'GET /api/agreements': { 200: listResponse },
  'GET /api/agreements/:id': { 200: agreementDetailResponse },
  'POST /api/agreements/:id/decisions': { 200: agreementDetailResponse },
  'POST /api/agreements/:id/deadline': { 200: agreementDetailResponse },
  'POST /api/agreements/:id/terminate': { 200: agreementDetailResponse },
  'POST /api/agreements/:id/reports': { 201: z.looseObject({ reportId: z.uuid() }) },
  'GET /api/tasks': { 200: z.looseObject({ items: z.array(taskItem), total: z.number().int() }) },
  'GET /api/public/track/:trackingCode': { 200: publicTrackResponse },
};

const ERRORS = { '4xx': errorResponse, '5xx': errorResponse };

/** Routes anyone may call without a token (the document says so with an empty security). */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/public/track/:trackingCode']);

/** Must be called before the routes are registered: it completes each route as it is added. */
export function documentResponses(app: FastifyInstance) {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema;
    if (!schema || (schema as { hide?: boolean }).hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = methods.map((method) => SUCCESS[`${method} ${route.url}`]).find(Boolean) ?? {};
    const declared = (schema.response ?? {}) as Record<string, unknown>;

    schema.response = { ...ERRORS, ...known, ...declared };
    if (methods.some((method) => PUBLIC.has(`${method} ${route.url}`))) {
      (schema as { security?: unknown[] }).security = [];
    }
  });
}
