import { stageLabel } from '../labels';

const TONE: Record<string, string> = {
  draft: 'neutral',
  revision: 'warning',
  implementation: 'success',
  evaluation: 'success',
  ended: 'neutral',
  terminated: 'danger',
  rejected: 'danger',
  withdrawn: 'neutral',
};

export function StageBadge({ stage, overdue }: { stage: string; overdue?: boolean }) {
  return (
    <span className="badges">
      <span className={`badge badge-${TONE[stage] ?? 'info'}`}>{stageLabel(stage)}</span>
      {overdue ? <span className="badge badge-danger">Terlambat</span> : null}
    </span>
  );
}
