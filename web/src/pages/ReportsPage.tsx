/**
 * Reports (laporan): the summary as charts (stage, kind, office, year, overdue tasks by role,
 * working days per stage, agreements ending soon), the list as CSV and the semester recap.
 */
import { useState, type FormEvent } from 'react';
import { download } from '../api/download';
import { loadStats } from '../api/stats';
import { Alert } from '../components/Alert';
import { BarChart } from '../components/BarChart';
import { SelectField, TextField } from '../components/Field';
import { PageTitle } from '../components/PageTitle';
import { todayLocal } from '../format';
import { useApi } from '../useApi';
import { StatsNote } from './StatsNote';

export function ReportsPage() {
  const stats = useApi(loadStats, []);
  const [note, setNote] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [year, setYear] = useState(todayLocal().slice(0, 4));
  const [half, setHalf] = useState(Number(todayLocal().slice(5, 7)) <= 6 ? '1' : '2');

  const fetchFile = async (path: string, query: Record<string, string>, name: string) => {
    setNote({ tone: 'info', text: 'Menyiapkan berkas…' });
    try {
      await download(path, query, name);
      setNote({ tone: 'info', text: 'Berkas diunduh.' });
    } catch (error) {
      setNote({ tone: 'error', text: (error as Error).message });
    }
  };
  const semester = (event: FormEvent) => {
    event.preventDefault();
    void fetchFile('/api/reports/semester.csv', { year, half }, `rekap-${year}-${half}.csv`);
  };

  return (
    <>
      <PageTitle subtitle="Rekapitulasi kerja sama yang dapat Anda lihat.">Laporan</PageTitle>
      <Alert tone={note?.tone ?? 'info'}>{note?.text}</Alert>
      <div className="grid-2">
        <section className="card" aria-labelledby="export-heading">
          <h2 id="export-heading">Daftar lengkap</h2>
          <p className="muted">Semua kerja sama yang dapat Anda lihat, satu baris per kerja sama.</p>
          <button
            type="button"
            className="button secondary"
            onClick={() => fetchFile('/api/reports/agreements.csv', {}, 'kerja-sama.csv')}
          >
            Unduh CSV
          </button>
        </section>
        <form className="card" aria-labelledby="semester-heading" onSubmit={semester}>
          <h2 id="semester-heading">Rekap semester</h2>
          <div className="grid-2">
            <TextField
              id="semester-year"
              label="Tahun"
              inputMode="numeric"
              value={year}
              onChange={(event) => setYear(event.target.value)}
            />
            <SelectField
              id="semester-half"
              label="Semester"
              value={half}
              onChange={(event) => setHalf(event.target.value)}
              options={[
                ['1', 'I (Januari–Juni)'],
                ['2', 'II (Juli–Desember)'],
              ]}
            />
          </div>
          <button type="submit" className="button secondary">
            Unduh rekap (CSV)
          </button>
        </form>
      </div>

      {stats.error ? <Alert tone="error">{stats.error.message}</Alert> : null}
      {stats.loading && !stats.data ? <p className="muted">Menghitung…</p> : null}
      {stats.data ? (
        <section aria-labelledby="charts-heading">
          <h2 id="charts-heading">Ringkasan</h2>
          <StatsNote stats={stats.data} />
          {stats.data.expiring ? (
            <p className="expiring-line">
              Berakhir dalam{' '}
              {stats.data.expiring.map((entry, index) => (
                <span key={entry.withinDays}>
                  {index > 0 ? ' · ' : ''}
                  {entry.withinDays} hari: <strong>{entry.count}</strong>
                </span>
              ))}
            </p>
          ) : null}
          <div className="grid-2">
            <Chart title="Per tahap" bars={stats.data.byStage} />
            <Chart title="Per jenis kerja sama" bars={stats.data.byKind} />
            <Chart title="Per perangkat daerah" bars={stats.data.byUnit} />
            <Chart title="Per tahun" bars={stats.data.byYear} />
            <Chart
              title="Tugas terlambat per peran"
              bars={stats.data.overdueByRole}
              empty="Tidak ada tugas yang terlambat."
            />
            <Chart
              title="Rata-rata hari kerja per tahap"
              bars={stats.data.daysPerStage}
              empty="Belum ada tahap yang selesai."
            />
          </div>
        </section>
      ) : null}
    </>
  );
}

function Chart({
  title,
  bars,
  empty,
}: {
  title: string;
  bars: Parameters<typeof BarChart>[0]['bars'] | null;
  empty?: string;
}) {
  return (
    <div className="card">
      {bars ? (
        <BarChart title={title} bars={bars} empty={empty} />
      ) : (
        <figure className="chart">
          <figcaption>{title}</figcaption>
          <p className="muted">Tersedia bila server menyediakan ringkasan laporan (/api/reports/summary).</p>
        </figure>
      )}
    </div>
  );
}
