/** The history of the agreement: every stage change and decision, who made it and their note. */
import type { TimelineEvent } from '../../api/types';
import { dateTime } from '../../format';
import {
  DECISION_LABELS,
  labelOf,
  REPORT_DECISION_LABELS,
  roleLabel,
  stageLabel,
  TIMELINE_TYPE_LABELS,
} from '../../labels';

export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Riwayat</h2>
      {events.length === 0 ? <p className="muted">Belum ada riwayat.</p> : null}
      <ol className="timeline">
        {events.map((event) => (
          <li key={event.seq}>
            <time dateTime={event.at}>{dateTime(event.at)}</time>
            <p>
              <strong>{eventLabel(event)}</strong>
              {' · '}
              {event.fromStage && event.fromStage !== event.stage
                ? `${stageLabel(event.fromStage)} → ${stageLabel(event.stage)}`
                : stageLabel(event.stage)}
            </p>
            {event.actor ? (
              <p className="muted small">
                {event.actor.name ?? event.actor.username}
                {event.actor.role ? `, ${roleLabel(event.actor.role)}` : ''}
                {event.actor.actingFor ? ` (atas nama ${event.actor.actingFor})` : ''}
              </p>
            ) : null}
            {event.note ? <blockquote>{event.note}</blockquote> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function eventLabel(event: TimelineEvent): string {
  const decision = event.decision as string | null;
  if (decision && event.type === 'report_reviewed') return labelOf(REPORT_DECISION_LABELS, decision);
  if (decision && decision in DECISION_LABELS) return DECISION_LABELS[decision as keyof typeof DECISION_LABELS];

  return labelOf(TIMELINE_TYPE_LABELS, event.type);
}
