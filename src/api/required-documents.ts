/**
 * The document rule of domain.md ("required before a decision can pass"), enforced at the
 * API before a decision reaches the workflow: the Update validator is synchronous and cannot
 * read Postgres, and the API is the one door decisions come through.
 */
import type { Database } from '../db/client.js';
import {
  describeDocuments,
  missingDocuments,
  requiredDocuments,
  type DocumentType,
} from '../domain/documents.js';
import type { Instrument } from '../domain/glossary.js';
import { checkDecision, type Actor } from '../domain/permissions.js';
import type { Decision, Stage } from '../domain/stages.js';
import { storedDocumentTypes } from '../documents/repository.js';
import { AppError } from './errors.js';

interface AgreementFacts {
  id: string;
  stage: string;
  unitCode: string;
  instrument: string;
}

/**
 * Refuses with 422 `missing_document` when the decision would pass but a required document is
 * not stored yet. A decision refused for another reason (stage moved on, wrong role, unknown
 * code) is left to the workflow's validator, so that reason keeps its own answer.
 */
export async function assertDocumentsForDecision(
  db: Database,
  agreement: AgreementFacts,
  actor: Actor,
  decision: { stage: Stage; decision: Decision },
) {
  const refusal = checkDecision({
    currentStage: agreement.stage as Stage,
    seenStage: decision.stage,
    decision: decision.decision,
    actor,
    agreementUnitCode: agreement.unitCode,
  });
  if (refusal) return;

  const instrument = agreement.instrument as Instrument;
  const required = requiredDocuments(decision.stage, decision.decision, instrument);
  if (required.length === 0) return;
  const missing = missingDocuments(required, await storedDocumentTypes(db, agreement.id));
  if (missing.length > 0) throw missingDocumentError(missing);
}

/** For `submit: true` at creation: a new agreement has no documents, so any requirement fails. */
export function assertNothingRequiredAtCreation(instrument: Instrument) {
  const missing = requiredDocuments('draft', 'submit', instrument);
  const hint = 'Buat usulan tanpa submit, unggah dokumennya, lalu ajukan.';
  if (missing.length > 0) throw missingDocumentError(missing, hint);
}

export function missingDocumentError(missing: DocumentType[], hint = 'Unggah dokumennya, lalu putuskan lagi.') {
  const message = `Dokumen wajib belum diunggah: ${describeDocuments(missing)}. ${hint}`;

  return new AppError('missing_document', message, { missing });
}
