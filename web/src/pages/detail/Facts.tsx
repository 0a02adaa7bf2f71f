/** What was proposed: kind, partners, purpose, scope, term and value, and the signing record. */
import type { ReactNode } from 'react';
import type { AgreementDetail } from '../../api/types';
import { date, rupiah } from '../../format';
import { INSTRUMENT_LABELS, KIND_LABELS, PARTNER_TYPE_LABELS, stageLabel } from '../../labels';
import { Link } from '../../router';

export function Facts({ detail }: { detail: AgreementDetail }) {
  const rows: [string, ReactNode][] = [
    ['Jenis', KIND_LABELS[detail.kind]],
    ['Bentuk', INSTRUMENT_LABELS[detail.instrument]],
    ['Inisiatif', detail.initiatedBy === 'partner' ? 'Mitra' : 'Pemerintah daerah'],
    [
      'Mitra',
      <ul className="plain-list">
        {detail.partners.map((partner, index) => (
          <li key={index}>
            {partner.name}{' '}
            <span className="muted">
              ({PARTNER_TYPE_LABELS[partner.type]}
              {partner.country ? `, ${partner.country}` : ''})
            </span>
          </li>
        ))}
      </ul>,
    ],
    ['Maksud dan tujuan', detail.purpose],
    ['Ruang lingkup', detail.scope],
    ['Rencana mulai', detail.plannedStart ? date(detail.plannedStart) : '—'],
    ['Jangka waktu', `${detail.durationMonths} bulan`],
    [
      'Masa berlaku',
      detail.startDate && detail.endDate
        ? `${date(detail.startDate)} – ${date(detail.endDate)}`
        : 'Ditetapkan saat ditandatangani',
    ],
    ['Nilai', detail.valueIdr === null ? '—' : rupiah(detail.valueIdr)],
    ['Sumber dana', detail.fundingSource ?? '—'],
    [
      'Persetujuan DPRD',
      detail.dprdTrigger.burdensPublic || detail.dprdTrigger.unbudgeted ? 'Diperlukan' : 'Tidak diperlukan',
    ],
  ];
  if (detail.signedAt) {
    rows.push(['Ditandatangani', date(detail.signedAt)]);
    rows.push(['Nomor naskah', [detail.ourNumber, ...detail.partnerNumbers].filter(Boolean).join(' · ')]);
  }

  return (
    <section className="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">Ringkasan usulan</h2>
      <dl className="facts">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {hasLinks(detail) ? (
        <>
          <h3>Keterkaitan</h3>
          <ul className="plain-list">
            {detail.links.parentId ? (
              <li>
                Induk: <Link to={`/agreements/${detail.links.parentId}`}>lihat kerja sama induk</Link>
              </li>
            ) : null}
            {detail.links.renewalOf ? (
              <li>
                Perpanjangan dari: <Link to={`/agreements/${detail.links.renewalOf}`}>lihat kerja sama asal</Link>
              </li>
            ) : null}
            {detail.links.renewals.map((renewal) => (
              <li key={renewal.id}>
                Diperpanjang oleh: <Link to={`/agreements/${renewal.id}`}>{renewal.title}</Link> (
                {stageLabel(renewal.stage)})
              </li>
            ))}
            {detail.links.children.map((child) => (
              <li key={child.id}>
                {INSTRUMENT_LABELS[child.instrument]}: <Link to={`/agreements/${child.id}`}>{child.title}</Link> (
                {stageLabel(child.stage)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function hasLinks({ links }: AgreementDetail): boolean {
  return Boolean(links.parentId || links.renewalOf || links.children.length > 0 || links.renewals.length > 0);
}
