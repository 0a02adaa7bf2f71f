/**
 * POST /api/agreements/import: the register of agreements signed before the system, as a
 * text/csv body, a multipart upload (field `file`) or one row as a JSON object. Verifier or
 * admin. Any bad row refuses the whole import (422, every bad row with its line and reason).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  readRegisterCsv,
  REGISTER_COLUMNS,
  type RegisterColumn,
  type RegisterInputRow,
} from '../../domain/register.js';
import { audit } from '../audit.js';
import { requireOwnRole } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { AppError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { importRegister } from '../register-import.js';

const MAX_BYTES = 4 * 1024 * 1024;

const LIST_COLUMNS: readonly string[] = ['partners', 'partnerTypes', 'partnerNumber'];
const textCell = z.string().max(10_000);
const cell = z.union([textCell, z.number(), z.null()]).optional();
const listItem = z.string().max(300).refine((value) => !value.includes(';'), 'must not contain ;');
const listCell = z.union([textCell, z.number(), z.null(), z.array(listItem).max(20)]).optional();
/** One row as JSON: the CSV's columns; lists may be arrays; numbers and null are accepted. */
const jsonRow = z.strictObject(
  Object.fromEntries(
    REGISTER_COLUMNS.map((column) => [column, LIST_COLUMNS.includes(column) ? listCell : cell]),
  ) as Record<RegisterColumn, typeof listCell>,
);
const importBody = z.union([z.string(), jsonRow]).nullish();

export function agreementImportRoutes(app: FastifyInstance, context: ApiContext) {
  // Its own scope, so the CSV and multipart parsers exist on this route only.
  app.register(async (scope) => {
    const asText = { parseAs: 'string', bodyLimit: MAX_BYTES } as const;
    scope.addContentTypeParser('text/csv', asText, (_request, body, done) => done(null, body));
    await scope.register(multipart, { throwFileSizeLimit: true });
    registerImportRoute(scope, context);
  });
}

function registerImportRoute(app: FastifyInstance, context: ApiContext) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/agreements/import',
    {
      bodyLimit: MAX_BYTES,
      schema: {
        tags: ['agreements'],
        summary: 'Impor register kerja sama (CSV, multipart field file, atau satu baris JSON)',
        description:
          `Kolom: ${REGISTER_COLUMNS.join(',')}; mitra dipisah ';'. Baris judul = baris 1 ` +
          '(satu baris JSON = baris 1). Satu baris salah: 422, tidak ada yang diimpor. ' +
          'Nomor yang sudah terdaftar dengan isi sama dilewati. Verifikator atau admin.',
        consumes: ['text/csv', 'multipart/form-data', 'application/json'],
        body: importBody,
      },
    },
    async (request, reply) => {
      const actor = requireOwnRole(request, 'verifier', 'admin');
      const text = await csvText(request);
      // The idempotency hash covers the file's text, whichever way it came.
      if (text !== null) request.body = text;
      const { rows, problems } = text !== null ? readRegisterCsv(text) : jsonRows(request.body);
      if (problems.length > 0) {
        const message = 'Berkas register tidak dapat dibaca; tidak ada yang diimpor.';
        throw new AppError('invalid_register', message, problems);
      }

      return idempotent(context.db, request, reply, async () => {
        const result = await importRegister(context, actor, rows);
        const { created, skipped, items, notStarted } = result;
        const counts = { rows: rows.length, created, skipped, notStarted: notStarted.length };
        await audit(request, 'agreement.import', null, counts);
        if (notStarted.length > 0) {
          const message =
            `${notStarted.length} kerja sama tersimpan tetapi prosesnya belum berjalan; ` +
            'impor ulang berkas yang sama untuk melanjutkan.';
          throw new AppError('import_incomplete', message, result);
        }

        return { status: created > 0 ? 201 : 200, body: { created, skipped, items } };
      });
    },
  );
}

/** The CSV text of a text/csv body or of the multipart field `file`; null for a JSON row. */
async function csvText(request: FastifyRequest): Promise<string | null> {
  if (typeof request.body === 'string') return request.body;
  if (!request.isMultipart()) {
    if (request.body == null) throw new AppError('invalid_input', 'Isi permintaan kosong.');
    return null;
  }

  let text: string | null = null;
  try {
    const limits = { fileSize: MAX_BYTES, files: 1, fields: 5, parts: 6 };
    for await (const part of request.parts({ limits })) {
      if (part.type !== 'file') continue;
      const buffer = await part.toBuffer();
      if (part.fieldname === 'file') text = buffer.toString('utf8');
    }
  } catch (error) {
    const code = String((error as { code?: unknown })?.code ?? '');
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const mib = MAX_BYTES / 1024 / 1024;
      throw new AppError('payload_too_large', `Berkas register melebihi ${mib} MiB.`);
    }
    const message = 'Formulir multipart rusak atau memuat lebih dari satu berkas.';
    throw new AppError('invalid_input', message);
  }
  if (text === null) {
    throw new AppError('invalid_input', "Unggah berkas CSV register pada field 'file'.");
  }

  return text;
}

/** A JSON row as the cells of line 1, so it passes the same checks as a file's rows. */
function jsonRows(body: unknown): { rows: RegisterInputRow[]; problems: [] } {
  const row = body as Record<string, string | number | string[] | null | undefined>;
  const text = (value: (typeof row)[string]) =>
    Array.isArray(value) ? value.join(';') : value == null ? '' : String(value);
  const cells = Object.fromEntries(REGISTER_COLUMNS.map((column) => [column, text(row[column])]));

  return { rows: [{ line: 1, cells: cells as RegisterInputRow['cells'] }], problems: [] };
}
