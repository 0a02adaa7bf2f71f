/**
 * Counts for the dashboard and the reports page, from GET /api/reports/summary. A server
 * without it (404) still gets the counts by stage, kind, office and year, counted here from
 * GET /api/agreements page by page up to a limit; the page then says so.
 */
import type { Bar } from '../components/BarChart';
import { KIND_LABELS, KINDS, roleLabel, stageLabel, STAGES } from '../labels';
import { api, ApiError } from './client';
import type { AgreementSummary, Page } from './types';

export interface Stats {
  source: 'summary' | 'list';
  byStage: Bar[];
  byKind: Bar[];
  byUnit: Bar[];
  byYear: Bar[];
  /** Only from the summary. */
  overdueByRole: Bar[] | null;
  /** Average working days per stage (completed visits), only from the summary. */
  daysPerStage: Bar[] | null;
  expiring: { withinDays: number; count: number }[] | null;
  /** Set when the fallback stopped before the end of the list. */
  partial: { counted: number; total: number } | null;
}

type Row = Record<string, unknown>;

const FALLBACK_PAGES = 10;

export async function loadStats(): Promise<Stats> {
  try {
    return fromSummary(await api.get<Record<string, unknown>>('/api/reports/summary'));
  } catch (error) {
    if (!(error instanceof ApiError) || !error.routeMissing) throw error;
  }

  return fromList();
}

function fromSummary(summary: Record<string, unknown>): Stats {
  const rows = (name: string) => (Array.isArray(summary[name]) ? (summary[name] as Row[]) : []);
  const bars = (name: string, key: string, label: (row: Row) => string, value = 'count') =>
    rows(name)
      .filter((row) => typeof row[value] === 'number')
      .map((row) => ({ key: String(row[key]), label: label(row), value: row[value] as number }));
  const text = (field: string, fallback: (row: Row) => string) => (row: Row) =>
    typeof row[field] === 'string' ? (row[field] as string) : fallback(row);

  return {
    source: 'summary',
    byStage: bars(
      'byStage',
      'stage',
      text('label', (row) => stageLabel(String(row.stage))),
    ).sort((a, b) => STAGES.indexOf(a.key as never) - STAGES.indexOf(b.key as never)),
    byKind: bars(
      'byKind',
      'kind',
      text('label', (row) => KIND_LABELS[row.kind as never] ?? String(row.kind)),
    ),
    byUnit: bars(
      'byUnit',
      'unitCode',
      text('unitName', (row) => String(row.unitCode)),
    ),
    byYear: bars('byYear', 'year', (row) => String(row.year)),
    overdueByRole:
      'overdueTasksByRole' in summary
        ? bars(
            'overdueTasksByRole',
            'role',
            text('label', (row) => roleLabel(String(row.role))),
          )
        : null,
    daysPerStage:
      'stageDurations' in summary
        ? bars(
            'stageDurations',
            'stage',
            text('label', (row) => stageLabel(String(row.stage))),
            'averageWorkingDays',
          )
        : null,
    expiring: Array.isArray(summary.expiring) ? (summary.expiring as { withinDays: number; count: number }[]) : null,
    partial: null,
  };
}

async function fromList(): Promise<Stats> {
  const items: AgreementSummary[] = [];
  let total = 0;
  for (let page = 1; page <= FALLBACK_PAGES; page += 1) {
    const result = await api.get<Page<AgreementSummary>>('/api/agreements', {
      page,
      pageSize: 100,
      sort: '-createdAt',
    });
    items.push(...result.items);
    total = result.total;
    if (items.length >= total || result.items.length === 0) break;
  }
  const count = (key: (item: AgreementSummary) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const stages = count((item) => item.stage);
  const kinds = count((item) => item.kind);
  const units = count((item) => item.unitCode);
  // The tracking code carries the year of creation: KS-2026-XXXXXX.
  const years = count((item) => /^KS-(\d{4})-/.exec(item.trackingCode)?.[1] ?? '—');
  const sortedBars = (counts: Map<string, number>) =>
    [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, label: key, value }));

  return {
    source: 'list',
    byStage: STAGES.map((stage) => ({ key: stage, label: stageLabel(stage), value: stages.get(stage) ?? 0 })),
    byKind: KINDS.map((kind) => ({ key: kind, label: KIND_LABELS[kind], value: kinds.get(kind) ?? 0 })),
    byUnit: sortedBars(units),
    byYear: sortedBars(years),
    overdueByRole: null,
    daysPerStage: null,
    expiring: null,
    partial: items.length < total ? { counted: items.length, total } : null,
  };
}
