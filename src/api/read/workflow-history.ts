/**
 * The workflow's own history, summarised for an auditor: every run of `agreement-<id>` (a long
 * life is split by continueAsNew), each event's type and time, and for the events that carry
 * meaning (updates, activities, timers, signals) their name. Payloads are left out: they are
 * the decisions already listed in the dossier, in Temporal's encoding.
 */
import type { Client } from '@temporalio/client';
import { workflowIdFor } from '../workflow-gateway.js';

const MAX_RUNS = 50;

export interface HistoryEventSummary {
  id: number;
  type: string;
  at: string | null;
  name?: string;
}

export interface RunSummary {
  runId: string | null;
  events: number;
  countsByType: Record<string, number>;
  /** Events other than workflow-task bookkeeping, in order. */
  milestones: HistoryEventSummary[];
}

export async function workflowHistorySummary(client: Client, agreementId: string) {
  const workflowId = workflowIdFor(agreementId);
  const runs: RunSummary[] = [];
  try {
    let runId: string | undefined;
    for (let i = 0; i < MAX_RUNS; i += 1) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      const events = (history.events ?? []).map((event) => summarise(event as unknown as RawEvent));
      runs.unshift({
        runId: runId ?? null,
        events: events.length,
        countsByType: countByType(events),
        milestones: events.filter((event) => !event.type.startsWith('WorkflowTask')),
      });
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      runId = started?.continuedExecutionRunId || undefined;
      if (!runId) break;
    }

    return { available: true, workflowId, runs };
  } catch (error) {
    // The dossier stays useful without Temporal: say so instead of failing the download.
    return { available: false, workflowId, runs, error: (error as Error).message };
  }
}

type RawEvent = Record<string, unknown> & {
  eventId?: { toNumber(): number } | number | null;
  eventTime?: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null;
};

function summarise(event: RawEvent): HistoryEventSummary {
  const attributesKey = Object.keys(event).find((key) => key.endsWith('EventAttributes') && event[key]);
  const type = attributesKey ? capitalise(attributesKey.replace(/EventAttributes$/, '')) : 'Unknown';
  const attributes = (attributesKey ? event[attributesKey] : {}) as Record<string, any>;
  const name =
    markerName(attributes) ??
    attributes.activityType?.name ??
    attributes.request?.input?.name ??
    attributes.acceptedRequest?.input?.name ??
    attributes.signalName ??
    attributes.workflowType?.name ??
    (attributes.startToFireTimeout ? `timer ${seconds(attributes.startToFireTimeout)}s` : undefined);

  return { id: num(event.eventId), type, at: timeOf(event.eventTime), ...(name ? { name } : {}) };
}

/**
 * Markers name what they record: a local activity (the projection writes of the agreements
 * that ran under the `projection-writes-as-local-activities` generation) by its activity type,
 * a patch by its id.
 */
function markerName(attributes: Record<string, any>): string | undefined {
  const kind = attributes.markerName;
  if (kind !== 'core_local_activity' && kind !== 'core_patch') return undefined;
  const payload = attributes.details?.[kind === 'core_patch' ? 'patch-data' : 'data']?.payloads?.[0]?.data;
  try {
    const data = JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
    return kind === 'core_patch' ? `patch ${data.id}` : data.activity_type;
  } catch {
    return undefined;
  }
}

function countByType(events: HistoryEventSummary[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;

  return counts;
}

function timeOf(time: RawEvent['eventTime']): string | null {
  if (!time?.seconds) return null;

  return new Date(num(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6)).toISOString();
}

function seconds(duration: { seconds?: unknown }): number {
  return num(duration.seconds as RawEvent['eventId']);
}

function num(value: RawEvent['eventId']): number {
  if (value === null || value === undefined) return 0;

  return typeof value === 'number' ? value : value.toNumber();
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
