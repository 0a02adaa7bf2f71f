/** Who must act now and by when: the open task of the agreement. */
import type { PendingTask } from '../../api/types';
import { dateTime, lateness } from '../../format';
import { roleLabel, stageLabel } from '../../labels';

export function PendingTaskCard({ task }: { task: PendingTask }) {
  const late = task.dueAt ? lateness(task.dueAt) : null;

  return (
    <section className={task.overdue ? 'card pending overdue' : 'card pending'} aria-labelledby="pending-heading">
      <h2 id="pending-heading">Menunggu tindakan</h2>
      <dl className="facts">
        <div>
          <dt>Tahap</dt>
          <dd>{stageLabel(task.stage)}</dd>
        </div>
        <div>
          <dt>Oleh</dt>
          <dd>
            {roleLabel(task.role)}
            {task.unitCode ? ` (${task.unitCode})` : ''}
          </dd>
        </div>
        <div>
          <dt>Batas waktu</dt>
          <dd>
            {task.dueAt ? dateTime(task.dueAt) : 'Tanpa batas waktu'}
            {late ? <strong className={late.overdue ? 'overdue-text block' : 'block'}>{late.text}</strong> : null}
          </dd>
        </div>
        {task.sla ? (
          <div>
            <dt>Ketentuan</dt>
            <dd>
              {task.sla.workingDays} hari kerja{task.sla.basis ? ` (${task.sla.basis})` : ''}
            </dd>
          </div>
        ) : null}
        {task.remindersSent > 0 || task.escalatedTo ? (
          <div>
            <dt>Pengingat</dt>
            <dd>
              {task.remindersSent} kali{task.escalatedTo ? `; dieskalasi ke ${roleLabel(task.escalatedTo)}` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      {task.calendarMissingForYears.length > 0 ? (
        <p className="muted small">
          Kalender libur tahun {task.calendarMissingForYears.join(', ')} belum diisi: batas dihitung tanpa hari libur
          nasional.
        </p>
      ) : null}
    </section>
  );
}
