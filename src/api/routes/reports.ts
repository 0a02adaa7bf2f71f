/**
 * Reports (laporan): the summary, the list as CSV and the semester recap as JSON, CSV and a
 * printable page. Who may read them (domain.md): every internal role; offices see only their
 * own unit, and no report shows an agreement its reader could not open (visibility.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ROLES } from '../../domain/glossary.js';
import type { Actor } from '../../domain/permissions.js';
import { requireUser } from '../auth/plugin.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors.js';
import { allAgreements } from '../read/agreement-list.js';
import { reportSummary } from '../read/report-summary.js';
import { semesterRange, semesterRecap } from '../read/semester-recap.js';
import { agreementsCsv } from '../render/agreements-csv.js';
import { attachmentName } from '../render/csv-document.js';
import { semesterCsv } from '../render/semester-csv.js';
import { semesterHtml } from '../render/semester-html.js';
import * as schemas from '../report-schemas.js';
import { DOCUMENT_HEADERS, PRINTABLE_PAGE_CSP } from '../security.js';

/** More rows than this in one CSV is refused: narrow the filter instead. */
export const CSV_MAX_ROWS = 20_000;

const REPORT_READERS: readonly string[] = ROLES;
const CSV = 'text/csv; charset=utf-8';
const csvFile = (description: string) => ({ 200: schemas.fileResponse('text/csv', description) });

export function reportRoutes(app: FastifyInstance, { db, config }: ApiContext) {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const timeZone = config.TIME_ZONE;
  const recapFor = (request: FastifyRequest, query: { year: number; half: 1 | 2 }) =>
    semesterRecap(db, reportReader(request), semesterRange(query.year, query.half), timeZone);

  routes.get(
    '/api/reports/summary',
    { schema: { tags: ['reports'], response: { 200: schemas.summaryResponse } } },
    async (request) => reportSummary(db, reportReader(request), timeZone),
  );

  routes.get(
    '/api/reports/agreements.csv',
    {
      schema: {
        tags: ['reports'],
        querystring: schemas.csvListQuery,
        response: csvFile('Daftar kerja sama'),
      },
    },
    async (request, reply) => {
      const options = { timeZone, limit: CSV_MAX_ROWS + 1 };
      const rows = await allAgreements(db, reportReader(request), request.query, options);
      if (rows.length > CSV_MAX_ROWS) {
        const message = `Lebih dari ${CSV_MAX_ROWS} baris; persempit saringan.`;
        throw new AppError('not_allowed_now', message, { limit: CSV_MAX_ROWS });
      }

      const name = attachmentName('kerja-sama', timeZone, '.csv');
      return sendFile(reply, name, agreementsCsv(rows, timeZone));
    },
  );

  routes.get(
    '/api/reports/semester',
    {
      schema: {
        tags: ['reports'],
        querystring: schemas.semesterQuery,
        response: { 200: schemas.semesterResponse },
      },
    },
    async (request) => recapFor(request, request.query),
  );

  routes.get(
    '/api/reports/semester.csv',
    {
      schema: {
        tags: ['reports'],
        querystring: schemas.semesterQuery,
        response: csvFile('Rekap semester'),
      },
    },
    async (request, reply) => {
      const recap = await recapFor(request, request.query);

      const name = `rekap-kerja-sama-${recap.year}-semester-${recap.half}.csv`;
      return sendFile(reply, name, semesterCsv(recap));
    },
  );

  routes.get(
    '/api/reports/semester.html',
    {
      schema: {
        tags: ['reports'],
        querystring: schemas.semesterQuery,
        response: { 200: schemas.fileResponse('text/html', 'Rekap semester, siap cetak') },
      },
    },
    async (request, reply) => {
      const recap = await recapFor(request, request.query);

      return reply
        .type('text/html; charset=utf-8')
        .headers(DOCUMENT_HEADERS)
        .header('content-security-policy', PRINTABLE_PAGE_CSP)
        .send(semesterHtml(recap));
    },
  );
}

function reportReader(request: FastifyRequest): Actor {
  const actor = requireUser(request);
  if (!actor.roles.some((role) => REPORT_READERS.includes(role))) {
    throw new AppError('forbidden', 'Peran Anda tidak dapat membuka laporan.');
  }

  return actor;
}

function sendFile(reply: FastifyReply, filename: string, body: string) {
  const disposition = `attachment; filename="${filename}"`;

  return reply.type(CSV).header('content-disposition', disposition).send(body);
}
