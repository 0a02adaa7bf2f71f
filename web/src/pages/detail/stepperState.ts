/**
 * Where an agreement stands on its planned path. `revision` is not on the path: the stepper
 * then marks the stage that asked for the revision; a rejection or withdrawal marks the stage
 * where it stopped.
 */
import type { AgreementDetail } from '../../api/types';
import { stageLabel } from '../../labels';

export function stepperState(detail: Pick<AgreementDetail, 'path' | 'stage' | 'timeline'>) {
  const last = detail.timeline.at(-1);
  if (detail.stage === 'revision') {
    const asked = last?.fromStage ?? 'draft';
    return {
      currentIndex: detail.path.indexOf(asked),
      finished: false,
      note: `Dikembalikan untuk perbaikan oleh tahap ${stageLabel(asked)}`,
    };
  }
  if (detail.stage === 'rejected' || detail.stage === 'withdrawn' || detail.stage === 'terminated') {
    const stoppedAt = last?.fromStage ?? detail.path[0]!;
    return {
      currentIndex: detail.path.indexOf(stoppedAt),
      finished: false,
      note: `Berhenti: ${stageLabel(detail.stage)}`,
    };
  }
  const index = detail.path.indexOf(detail.stage);

  return { currentIndex: index, finished: detail.stage === 'ended', note: undefined };
}
