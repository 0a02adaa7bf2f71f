/**
 * Input schemas of the HTTP API (zod). They generate the OpenAPI document too, so every rule a
 * client must follow is visible at /docs. Text refuses U+0000, which PostgreSQL cannot store.
 */
import { z } from 'zod';
import { INSTRUMENTS, KINDS, PARTNER_TYPES } from '../domain/glossary.js';
import { isValidLocalDate } from '../domain/calendar.js';
import { isReasonEnough, needsReason, reasonLength, reasonMessage } from '../domain/reasons.js';
import { DECISIONS, STAGES, type Decision } from '../domain/stages.js';
import { TERMINATION_REASONS } from '../workflows/messages.js';

/**
 * Text PostgreSQL can store as sent: no U+0000 (refused even as a parameter) and no lone
 * UTF-16 surrogate (it would be stored as U+FFFD, so not as sent).
 */
export const STORABLE_MESSAGE = 'must not contain U+0000 or a lone surrogate';
export const isStorable = (value: string) => !value.includes('\u0000') && !/\p{Cs}/u.test(value);

export const text = (max: number) => z.string().trim().min(1).max(max).refine(isStorable, STORABLE_MESSAGE);

/** Free text that may be empty (notes). */
const note = z.string().max(5000).refine(isStorable, STORABLE_MESSAGE).default('');

/** Years a date of this product can fall in; far-off years only ever come from typing errors. */
const YEARS = { min: 1900, max: 2199 };
const inYears = (value: string) => {
  const year = Number(value.slice(0, 4));
  return year >= YEARS.min && year <= YEARS.max;
};

export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isValidLocalDate, 'must be a real calendar date')
  .refine(inYears, `year must be ${YEARS.min}–${YEARS.max}`);

export const uuidParam = z.object({ id: z.uuid() });

export const partnerSchema = z.object({
  name: text(300),
  type: z.enum(PARTNER_TYPES),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')
    .optional(),
});

export const createAgreementBody = z.object({
  kind: z.enum(KINDS),
  instrument: z.enum(INSTRUMENTS),
  title: text(500),
  partners: z.array(partnerSchema).min(1).max(20),
  unitCode: text(40),
  purpose: text(5000),
  scope: text(10000),
  plannedStart: localDate.optional(),
  durationMonths: z.number().int().min(1).max(360),
  valueIdr: z.number().int().min(0).max(1e15).optional(),
  fundingSource: text(200).optional(),
  dprdTrigger: z.object({ burdensPublic: z.boolean(), unbudgeted: z.boolean() }).optional(),
  initiatedBy: z.enum(['region', 'partner']).optional(),
  parentId: z.uuid().optional(),
  /** What an addendum changes once signed. */
  changes: z.object({ newEndDate: localDate.optional() }).optional(),
  confidential: z.boolean().optional(),
  submit: z.boolean().optional(),
});
export type CreateAgreementBody = z.infer<typeof createAgreementBody>;

/**
 * Sending back and refusing must say why (domain/reasons.ts): a zod issue on `note`, so the
 * portal shows it under the note field.
 */
const reasonRequired =
  (what: 'decision' | 'report_return', applies: (body: { decision: string }) => boolean) =>
  (body: { decision: string; note: string }, context: z.RefinementCtx) => {
    if (!applies(body) || isReasonEnough(body.note)) return;
    context.addIssue({ code: 'custom', path: ['note'], message: reasonMessage(what, reasonLength(body.note)) });
  };

export const decisionBody = z
  .object({
    stage: z.enum(STAGES),
    decision: z.enum(DECISIONS),
    note,
    signing: z
      .object({
        signedAt: localDate.describe('not after today, nor before the agreement was created (city time)'),
        ourNumber: text(200),
        partnerNumbers: z.array(text(200)).max(20).default([]),
      })
      .optional(),
  })
  .superRefine(reasonRequired('decision', (body) => needsReason(body.decision as Decision)));

/** A new due date is a correction of weeks or months, never of years. */
const MAX_DEADLINE_DAYS = 730;
function isSoon(value: string): boolean {
  const at = Date.parse(value);
  return at > Date.now() && at < Date.now() + MAX_DEADLINE_DAYS * 86_400_000;
}

export const deadlineBody = z
  .object({
    dueAt: z.iso
      .datetime({ offset: true })
      .refine(isSoon, `must be after now and within ${MAX_DEADLINE_DAYS} days`)
      .optional(),
    workingDays: z.number().int().min(1).max(120).optional(),
    reason: text(2000),
  })
  .refine((body) => (body.dueAt === undefined) !== (body.workingDays === undefined), {
    message: 'give exactly one of dueAt or workingDays',
  });

export const reportBody = z.object({
  period: text(100),
  activities: text(10000),
  progressPercent: z.number().int().min(0).max(100),
  problems: text(10000).optional(),
  followUp: text(10000).optional(),
});

export const reportReviewBody = z
  .object({
    decision: z.enum(['accept', 'return']),
    note,
  })
  .superRefine(reasonRequired('report_return', (body) => body.decision === 'return'));

export const terminateBody = z.object({
  reason: z.enum(TERMINATION_REASONS),
  note: text(5000),
});

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Query text, which may be empty; refused when PostgreSQL could not take it (see text). */
const queryText = (max: number) => z.string().max(max).refine(isStorable, STORABLE_MESSAGE);

export const listFilters = z.object({
  kind: z.enum(KINDS).optional(),
  instrument: z.enum(INSTRUMENTS).optional(),
  stage: z.enum(STAGES).optional(),
  status: z.enum(['draft', 'in_process', 'active', 'closed']).optional(),
  unitCode: queryText(40).optional(),
  partnerType: z.enum(PARTNER_TYPES).optional(),
  year: z.coerce
    .number()
    .int()
    .min(1990)
    .max(2200)
    .optional()
    .describe('year signed, or proposed while not yet signed (city time)'),
  q: queryText(200)
    .optional()
    .describe('words in title, partner names or purpose; prefixes and parts of words match'),
  overdue: booleanQuery.optional(),
  expiringWithinDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('active, ending today or within N days'),
});

export const SORTS = [
  'relevance', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'title', '-title',
  'dueAt', '-dueAt', 'endDate', '-endDate', 'stage', '-stage',
] as const;

export const listQuery = listFilters.extend({
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(100000)
    .default(1)
    .describe('page number (offset paging); deep pages are slower than `cursor`'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  sort: z
    .enum(SORTS)
    .optional()
    .describe(
      'default: relevance when q is given, else -createdAt. A search with more than 1,000 matches ' +
        '(totalCapped) lists them newest first instead of by relevance',
    ),
  cursor: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      'the nextCursor of the previous page: the page right after it, as fast at any depth and ' +
        'without duplicates or gaps while agreements are added; not together with page',
    ),
});
export type ListQuery = z.infer<typeof listQuery>;

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});
