/** Query and response schemas of the reports (laporan), which the OpenAPI document shows. */
import { z } from 'zod';
import { listFilters, SORTS } from './schemas.js';

export const csvListQuery = listFilters.extend({
  sort: z.enum(SORTS).optional().describe('default: relevance when q is given, else -createdAt'),
});

export const semesterQuery = z.object({
  year: z.coerce.number().int().min(1990).max(2200),
  half: z
    .enum(['1', '2'])
    .transform((value) => Number(value) as 1 | 2)
    .describe('1: January–June, 2: July–December'),
});

const counted = { count: z.number().int() };

export const summaryResponse = z.object({
  generatedAt: z.string(),
  total: z.number().int(),
  byKind: z.array(z.object({ kind: z.string(), label: z.string(), ...counted })),
  byStage: z.array(z.object({ stage: z.string(), label: z.string(), ...counted })),
  byUnit: z.array(z.object({ unitCode: z.string(), unitName: z.string(), ...counted })),
  byYear: z.array(z.object({ year: z.number().int(), ...counted })),
  overdueTasksByRole: z.array(z.object({ role: z.string(), label: z.string(), ...counted })),
  stageDurations: z.array(
    z.object({
      stage: z.string(),
      label: z.string(),
      completed: z.number().int(),
      inProgress: z.number().int(),
      averageWorkingDays: z.number().nullable(),
      maxWorkingDays: z.number().int().nullable(),
      defaultSlaWorkingDays: z.number().int().nullable(),
    }),
  ),
  expiring: z.array(z.object({ withinDays: z.number().int(), ...counted })),
});

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const semesterResponse = z.object({
  year: z.number().int(),
  half: z.union([z.literal(1), z.literal(2)]),
  from: localDate,
  to: localDate,
  generatedAt: z.string(),
  total: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      trackingCode: z.string(),
      title: z.string(),
      kind: z.string(),
      instrument: z.string(),
      partners: z.array(z.object({ name: z.string(), type: z.string() })),
      unitCode: z.string(),
      unitName: z.string(),
      stage: z.string(),
      status: z.string(),
      ourNumber: z.string().nullable(),
      signedAt: localDate.nullable(),
      startDate: localDate.nullable(),
      endDate: localDate.nullable(),
      lastDay: localDate.nullable(),
      monitoring: z.object({
        due: z.number().int(),
        filed: z.number().int(),
        accepted: z.number().int(),
        returned: z.number().int(),
        awaitingReview: z.number().int(),
        overdue: z.number().int(),
        status: z.enum(['overdue', 'awaiting_review', 'returned', 'up_to_date', 'none_due']),
      }),
    }),
  ),
});

/** A response that is a file, not JSON: documented by its media type. */
export const fileResponse = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string() } },
});
