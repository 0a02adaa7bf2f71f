/**
 * The semester recap as a printable page: self-contained (inline style, no script, no
 * external asset) so it prints or saves as PDF from any browser, and every value escaped.
 */
import { formatDateId } from '../../domain/format.js';
import { KIND_LABELS, type Kind } from '../../domain/glossary.js';
import { STAGE_LABELS, type Stage } from '../../domain/stages.js';
import { MONITORING_LABELS } from '../read/semester-recap.js';
import { escapeHtml as e } from './html.js';
import type { SemesterRecap } from './semester-csv.js';

const STYLE = `
  body { font: 11pt/1.4 system-ui, sans-serif; margin: 2rem; color: #111; }
  h1 { font-size: 15pt; margin: 0 0 .25rem; } p.meta { margin: 0 0 1rem; color: #444; }
  h2 { font-size: 12pt; margin: 1.5rem 0 .5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #999; padding: .25rem .4rem; vertical-align: top; text-align: left; }
  th { background: #eee; } td.n { text-align: right; }
  .overdue { font-weight: bold; }
  @page { size: A4 landscape; margin: 1.5cm; }
  @media print { body { margin: 0; } tr { break-inside: avoid; } }`;

export function semesterHtml(recap: SemesterRecap, cityName = 'Pemerintah Kota'): string {
  const period = `${formatDateId(recap.from)} – ${formatDateId(recap.to)}`;
  const sections = groupByKind(recap.items)
    .map(([kind, items]) => section(kind, items))
    .join('\n');
  const empty =
    recap.items.length === 0 ? '<p>Tidak ada kerja sama yang berlaku pada semester ini.</p>' : '';
  const generatedOn = recap.generatedAt.slice(0, 10);

  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>Rekap Kerja Sama Daerah Semester ${recap.half} Tahun ${recap.year}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Rekapitulasi Kerja Sama Daerah — Semester ${recap.half} Tahun ${recap.year}</h1>
<p class="meta">${e(cityName)} · Periode ${e(period)} · ${recap.total} kerja sama · disusun ${e(generatedOn)}</p>
${empty}${sections}
</body>
</html>
`;
}

type Item = SemesterRecap['items'][number];

function groupByKind(items: Item[]): [string, Item[]][] {
  const groups = new Map<string, Item[]>();
  for (const item of items) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item]);

  return [...groups];
}

function section(kind: string, items: Item[]): string {
  const rows = items.map((item, index) => row(index + 1, item)).join('\n');

  return `<h2>${e(KIND_LABELS[kind as Kind] ?? kind)} (${items.length})</h2>
<table>
<thead><tr><th>No</th><th>Kode lacak / nomor</th><th>Judul</th><th>Mitra</th><th>Perangkat daerah</th>
<th>Tahap</th><th>Masa berlaku</th><th>Laporan (masuk/jatuh tempo)</th><th>Status monitoring</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

function row(number: number, item: Item): string {
  const { monitoring } = item;
  const day = (date: string | null) => (date ? formatDateId(date) : '-');
  const statusClass = monitoring.status === 'overdue' ? ' class="overdue"' : '';
  const cells = [
    `<td class="n">${number}</td>`,
    `<td>${e(item.trackingCode)}<br>${e(item.ourNumber)}</td>`,
    `<td>${e(item.title)}</td>`,
    `<td>${item.partners.map((partner) => e(partner.name)).join('<br>')}</td>`,
    `<td>${e(item.unitName)}</td>`,
    `<td>${e(STAGE_LABELS[item.stage as Stage] ?? item.stage)}</td>`,
    `<td>${e(`${day(item.startDate)} s.d. ${day(item.endDate)}`)}</td>`,
    `<td class="n">${monitoring.filed}/${monitoring.due}</td>`,
    `<td${statusClass}>${e(MONITORING_LABELS[monitoring.status])}</td>`,
  ];

  return `<tr>${cells.join('')}</tr>`;
}
