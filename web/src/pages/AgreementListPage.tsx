/**
 * The agreement list: search, filters and pagination that mirror GET /api/agreements. The
 * filters live in the address, so a filtered list can be bookmarked, shared and reloaded.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { download } from '../api/download';
import type { AgreementSummary, Page } from '../api/types';
import { Alert } from '../components/Alert';
import { Pagination } from '../components/Pagination';
import { PageTitle } from '../components/PageTitle';
import { StageBadge } from '../components/StageBadge';
import { date } from '../format';
import { INSTRUMENT_LABELS, KIND_LABELS } from '../labels';
import { Link, navigate, useLocation } from '../router';
import { useApi } from '../useApi';
import { ListFilters } from './ListFilters';

const FILTER_NAMES = [
  'q',
  'kind',
  'instrument',
  'stage',
  'status',
  'unitCode',
  'partnerType',
  'year',
  'overdue',
  'expiringWithinDays',
  'sort',
  'pageSize',
];

export function AgreementListPage() {
  const { search } = useLocation();
  const filters = Object.fromEntries(
    FILTER_NAMES.map((name) => [name, search.get(name) ?? '']).filter(([, value]) => value !== ''),
  );
  const page = Number(search.get('page') ?? '1') || 1;
  const key = JSON.stringify({ filters, page });
  const list = useApi(() => api.get<Page<AgreementSummary>>('/api/agreements', { ...filters, page }), [key]);
  const [exportState, setExportState] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  const apply = (next: Record<string, string>, nextPage = 1) => {
    // Defaults stay out of the address, so it stays short and shareable.
    const isDefault = (name: string, value: string) =>
      value === '' || (name === 'sort' && value === '-createdAt') || (name === 'pageSize' && value === '20');
    const params = new URLSearchParams(Object.entries(next).filter(([name, value]) => !isDefault(name, value)));
    if (nextPage > 1) params.set('page', String(nextPage));
    navigate(`/agreements${params.size ? `?${params}` : ''}`);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    apply(Object.fromEntries(FILTER_NAMES.map((name) => [name, String(data.get(name) ?? '').trim()])));
  };
  const exportCsv = async () => {
    setExportState({ tone: 'info', text: 'Menyiapkan CSV…' });
    try {
      const { pageSize: _pageSize, ...query } = filters;
      await download('/api/reports/agreements.csv', query, 'kerja-sama.csv');
      setExportState({ tone: 'info', text: 'CSV diunduh.' });
    } catch (error) {
      setExportState({ tone: 'error', text: (error as Error).message });
    }
  };

  return (
    <>
      <PageTitle>Daftar kerja sama</PageTitle>
      <ListFilters key={key} values={filters} onSubmit={submit} onReset={() => apply({})} />
      <div className="list-toolbar">
        <button type="button" className="button secondary" onClick={exportCsv}>
          Unduh CSV
        </button>
        <Alert tone={exportState?.tone ?? 'info'}>{exportState?.text}</Alert>
      </div>
      {list.error ? <Alert tone="error">{list.error.message}</Alert> : null}
      {list.loading && !list.data ? <p className="muted">Memuat daftar…</p> : null}
      {list.data ? (
        <>
          {list.data.items.length === 0 ? (
            <p className="muted">Tidak ada kerja sama yang cocok dengan filter ini.</p>
          ) : (
            <Table items={list.data.items} />
          )}
          <Pagination
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            totalCapped={list.data.totalCapped}
            hasNext={list.data.nextCursor === undefined ? undefined : list.data.nextCursor !== null}
            onPage={(next) => apply(filters, next)}
          />
        </>
      ) : null}
    </>
  );
}

function Table({ items }: { items: AgreementSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="responsive-table">
        <caption className="visually-hidden">Kerja sama sesuai filter</caption>
        <thead>
          <tr>
            <th scope="col">Judul</th>
            <th scope="col">Jenis</th>
            <th scope="col">Mitra</th>
            <th scope="col">Unit</th>
            <th scope="col">Tahap</th>
            <th scope="col">Masa berlaku</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td data-label="Judul">
                <Link to={`/agreements/${item.id}`}>{item.title}</Link>
                <span className="muted block">{item.trackingCode}</span>
              </td>
              <td data-label="Jenis">
                {KIND_LABELS[item.kind]}
                <span className="muted block">{INSTRUMENT_LABELS[item.instrument]}</span>
              </td>
              <td data-label="Mitra">{item.partners.map((partner) => partner.name).join(', ')}</td>
              <td data-label="Unit">{item.unitCode}</td>
              <td data-label="Tahap">
                <StageBadge stage={item.stage} overdue={item.overdue} />
              </td>
              <td data-label="Masa berlaku">
                {item.startDate && item.endDate ? `${date(item.startDate)} – ${date(item.endDate)}` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
