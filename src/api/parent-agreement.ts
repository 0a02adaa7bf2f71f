/**
 * The parent a new agreement names (`parentId`): it must exist and be readable by the caller,
 * be of an instrument the new one may hang under, be signed and running where that is required
 * (domain/parents.ts), and a PKS must not outlast it. A parent the caller may not read is
 * answered exactly as a missing one, so that the answer does not reveal that it exists; except
 * a signed, running, non-confidential KSB, a framework of the whole city (its public tracking
 * page shows it anyway) under which any office may sign its own PKS.
 */
import { localDateOf, termEndDate } from '../domain/calendar.js';
import { INSTRUMENT_LABELS, type Instrument } from '../domain/glossary.js';
import { parentRefusal, RUNNING_STAGES } from '../domain/parents.js';
import type { Actor } from '../domain/permissions.js';
import { STAGE_LABELS, type Stage } from '../domain/stages.js';
import type { ApiContext } from './context.js';
import { AppError } from './errors.js';
import { loadAgreement } from './read/agreement-detail.js';
import type { CreateAgreementBody } from './schemas.js';
import { canRead } from './visibility.js';

const FIELD = 'body.parentId';

type WithParent = CreateAgreementBody & { parentId: string };

export async function assertParent({ db, config }: ApiContext, actor: Actor, body: WithParent) {
  const parent = await loadAgreement(db, body.parentId);
  if (!parent || !(canRead(actor, parent) || isCityWideFramework(parent))) {
    throw new AppError('not_allowed_now', 'Kerja sama induk (parentId) tidak ditemukan.', [{ field: FIELD }]);
  }

  const parentInstrument = parent.instrument as Instrument;
  const parentStage = parent.stage as Stage;
  const refusal = parentRefusal(body.instrument, { instrument: parentInstrument, stage: parentStage });
  const child = INSTRUMENT_LABELS[body.instrument];
  if (refusal?.rule === 'instrument') {
    const allowed = refusal.allowed.map((instrument) => INSTRUMENT_LABELS[instrument]).join(' atau ');
    throw new AppError(
      'not_allowed_now',
      `${child} hanya dapat berinduk pada ${allowed}; kerja sama induk ${parent.trackingCode} adalah ` +
        `${INSTRUMENT_LABELS[parentInstrument]}.`,
      [{ field: FIELD, parentInstrument, allowed: refusal.allowed }],
    );
  }
  if (refusal?.rule === 'stage') {
    const required = refusal.required.map((stage) => STAGE_LABELS[stage]).join(' atau ');
    throw new AppError(
      'not_allowed_now',
      `Kerja sama induk ${parent.trackingCode} berada pada tahap ${STAGE_LABELS[parentStage]}; ${child} hanya ` +
        `dapat dibuat di bawah kerja sama yang sudah ditandatangani dan sedang berjalan (tahap ${required}).`,
      [{ field: FIELD, parentStage, requiredStages: refusal.required }],
    );
  }

  // A PKS cannot run past the KSB it hangs under (domain.md, Dates).
  const start = body.plannedStart ?? localDateOf(new Date(), config.TIME_ZONE);
  const end = termEndDate(start, body.durationMonths);
  if (body.instrument === 'pks' && parent.endDate && end > parent.endDate) {
    throw new AppError(
      'not_allowed_now',
      `PKS akan berakhir ${end}, melewati akhir kesepakatan induknya (${parent.endDate}).`,
      { field: 'body.durationMonths', endDate: end, parentEndDate: parent.endDate },
    );
  }
}

function isCityWideFramework(parent: { instrument: string; stage: string; confidential: boolean }): boolean {
  const running = (RUNNING_STAGES as readonly string[]).includes(parent.stage);

  return parent.instrument === 'ksb' && !parent.confidential && running;
}
