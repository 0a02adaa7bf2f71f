/**
 * Admin: the working-day calendar. The years whose decree is loaded, each year's national
 * holidays and cuti bersama, adding and removing single dates, declaring a year complete, and
 * a due-date check that counts working days with the calendar as it stands (the same
 * arithmetic the workflow's activities use, from src/domain/calendar).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { CalendarData, HolidayEntry } from '../../api/types';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { date, dateTime, TIME_ZONE, todayLocal } from '../../format';
import { HOLIDAY_KIND_LABELS, labelOf } from '../../labels';
import { useApi } from '../../useApi';
import { conflictAt, useFormErrors } from '../../useFormErrors';
import { addWorkingDays, endOfLocalDay, isValidLocalDate, makeCalendar } from '../../../../src/domain/calendar';
import { AdminFrame } from './AdminFrame';

type Notice = { tone: 'success' | 'error'; text: string } | null;

const countIn = (holidays: HolidayEntry[], year: number) =>
  holidays.filter((holiday) => holiday.date.startsWith(`${year}-`)).length;

const weekday = (localDate: string) =>
  new Intl.DateTimeFormat('id-ID', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${localDate}T00:00:00Z`));

export function CalendarPage() {
  const calendar = useApi(() => api.get<CalendarData>('/api/admin/calendar'), []);
  const thisYear = Number(todayLocal().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [notice, setNotice] = useState<Notice>(null);
  const changed = (text: string) => {
    setNotice({ tone: 'success', text });
    void calendar.reload();
  };

  const data = calendar.data;
  const years = useMemo(() => {
    const known = new Set<number>([thisYear, thisYear + 1, year]);
    for (const covered of data?.coveredYears ?? []) known.add(covered.year);
    for (const holiday of data?.holidays ?? []) known.add(Number(holiday.date.slice(0, 4)));
    return [...known].sort((a, b) => a - b);
  }, [data, thisYear, year]);
  const ofYear = (data?.holidays ?? []).filter((holiday) => holiday.date.startsWith(`${year}-`));
  const covered = data?.coveredYears.find((entry) => entry.year === year) ?? null;

  return (
    <AdminFrame
      title="Kalender hari kerja"
      subtitle="Hari libur nasional dan cuti bersama yang tidak dihitung sebagai hari kerja."
    >
      <Alert tone={notice?.tone ?? 'info'}>{notice?.text}</Alert>
      {calendar.error ? <Alert tone="error">{calendar.error.message}</Alert> : null}
      {calendar.loading && !data ? <p className="muted">Memuat kalender…</p> : null}
      {data ? (
        <>
          <section className="card" aria-labelledby="years-heading">
            <h2 id="years-heading">Tahun yang sudah ditetapkan</h2>
            {data.coveredYears.length === 0 ? <p className="muted">Belum ada tahun yang ditetapkan.</p> : null}
            <ul className="plain-list">
              {data.coveredYears.map((entry) => (
                <li key={entry.year}>
                  <strong>{entry.year}</strong> · {countIn(data.holidays, entry.year)} hari libur ·{' '}
                  <span className="muted">{entry.basis}</span>
                </li>
              ))}
            </ul>
          </section>

          <section className="card" aria-labelledby="holidays-heading">
            <h2 id="holidays-heading">Hari libur tahun {year}</h2>
            <SelectField
              id="calendar-year"
              label="Tahun"
              value={String(year)}
              onChange={(event) => setYear(Number(event.target.value))}
              options={years.map((y): [string, string] => [String(y), String(y)])}
            />
            {covered ? (
              <p className="muted">Tahun {year} sudah ditetapkan berdasarkan {covered.basis}.</p>
            ) : (
              <Alert tone="warning">
                Kalender tahun {year} belum ditetapkan: batas waktu yang jatuh di tahun ini hanya melewati akhir
                pekan dan hari libur yang sudah tercatat, dan ditandai pada tugasnya.
              </Alert>
            )}
            <HolidayTable
              year={year}
              holidays={ofYear}
              onRemoved={(holiday) => changed(`${holiday.name} (${date(holiday.date)}) dihapus dari kalender.`)}
              onRefused={(text) => setNotice({ tone: 'error', text })}
            />
            {covered ? null : (
              <CompleteYear
                year={year}
                holidays={ofYear}
                onDone={() => changed(`Kalender tahun ${year} ditetapkan.`)}
              />
            )}
          </section>

          <div className="grid-2">
            <AddHoliday
              onAdded={(holiday) => {
                setYear(Number(holiday.date.slice(0, 4)));
                changed(`${holiday.name} (${date(holiday.date)}) ditambahkan ke kalender.`);
              }}
            />
            <DueDateCheck data={data} />
          </div>
        </>
      ) : null}
    </AdminFrame>
  );
}

function HolidayTable({
  year,
  holidays,
  onRemoved,
  onRefused,
}: {
  year: number;
  holidays: HolidayEntry[];
  onRemoved(holiday: HolidayEntry): void;
  onRefused(text: string): void;
}) {
  if (holidays.length === 0) return <p className="muted">Belum ada hari libur tercatat untuk tahun {year}.</p>;

  const remove = async (holiday: HolidayEntry) => {
    try {
      await api.delete(`/api/admin/calendar/holidays/${holiday.date}`);
      onRemoved(holiday);
    } catch (error) {
      onRefused((error as Error).message);
    }
  };

  return (
    <div className="table-wrap">
      <table className="responsive-table">
        <caption className="visually-hidden">Hari libur tahun {year}</caption>
        <thead>
          <tr>
            <th scope="col">Tanggal</th>
            <th scope="col">Jenis</th>
            <th scope="col">Keterangan</th>
            <th scope="col">Tindakan</th>
          </tr>
        </thead>
        <tbody>
          {holidays.map((holiday) => (
            <tr key={holiday.date}>
              <td data-label="Tanggal">
                <time dateTime={holiday.date}>
                  {weekday(holiday.date)}, {date(holiday.date)}
                </time>
              </td>
              <td data-label="Jenis">{labelOf(HOLIDAY_KIND_LABELS, holiday.kind)}</td>
              <td data-label="Keterangan">
                {holiday.name}
                <span className="muted block small">{holiday.basis}</span>
              </td>
              <td data-label="Tindakan">
                <button type="button" className="button danger small" onClick={() => remove(holiday)}>
                  Hapus<span className="visually-hidden"> {date(holiday.date)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddHoliday({ onAdded }: { onAdded(holiday: HolidayEntry): void }) {
  const [input, setInput] = useState<HolidayEntry>({ date: '', kind: 'libur_nasional', name: '', basis: '' });
  const form = useFormErrors();
  const set = <K extends keyof HolidayEntry>(key: K, value: HolidayEntry[K]) =>
    setInput((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.clear();
    try {
      const added = await api.post<HolidayEntry>('/api/admin/calendar/holidays', input);
      setInput((current) => ({ ...current, date: '', name: '' }));
      onAdded(added);
    } catch (error) {
      form.fail(error, conflictAt('date'));
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="add-holiday-heading">
      <h2 id="add-holiday-heading">Tambah hari libur</h2>
      <Alert tone="error">{form.problem}</Alert>
      <TextField
        id="holiday-date"
        label="Tanggal"
        type="date"
        value={input.date}
        error={form.errors.date}
        onChange={(event) => set('date', event.target.value)}
      />
      <SelectField
        id="holiday-kind"
        label="Jenis hari libur"
        value={input.kind}
        error={form.errors.kind}
        onChange={(event) => set('kind', event.target.value as HolidayEntry['kind'])}
        options={Object.entries(HOLIDAY_KIND_LABELS)}
      />
      <TextField
        id="holiday-name"
        label="Nama hari libur"
        value={input.name}
        error={form.errors.name}
        onChange={(event) => set('name', event.target.value)}
      />
      <TextField
        id="holiday-basis"
        label="Dasar penetapan"
        hint="Mis. nomor SKB 3 Menteri atau keputusan presiden."
        value={input.basis}
        error={form.errors.basis}
        onChange={(event) => set('basis', event.target.value)}
      />
      <button type="submit" className="button">
        Tambah hari libur
      </button>
    </form>
  );
}

/** Declares a year complete: its listed dates stay, and the year counts as covered. */
function CompleteYear({ year, holidays, onDone }: { year: number; holidays: HolidayEntry[]; onDone(): void }) {
  const [basis, setBasis] = useState('');
  const form = useFormErrors();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.clear();
    try {
      const days = holidays.map(({ date: day, kind, name }) => ({ date: day, kind, name }));
      await api.put(`/api/admin/calendar/years/${year}`, { basis, holidays: days });
      onDone();
    } catch (error) {
      form.fail(error);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="year-form" aria-label={`Tetapkan kalender tahun ${year}`}>
      <Alert tone="error">{form.problem}</Alert>
      <TextField
        id="year-basis"
        label={`Dasar penetapan kalender ${year}`}
        hint={`Hari libur yang tercantum di atas (${holidays.length}) menjadi kalender lengkap tahun ${year}.`}
        value={basis}
        error={form.errors.basis}
        onChange={(event) => setBasis(event.target.value)}
      />
      <button type="submit" className="button secondary">
        Tetapkan kalender {year}
      </button>
    </form>
  );
}

/** Counts working days from a start date with the calendar as listed, as a task's due date would. */
function DueDateCheck({ data }: { data: CalendarData }) {
  const [start, setStart] = useState(todayLocal());
  const [days, setDays] = useState('3');
  const result = useMemo(() => {
    if (!isValidLocalDate(start) || !/^\d{1,3}$/.test(days)) return null;
    const calendar = makeCalendar({
      holidays: data.holidays,
      coveredYears: data.coveredYears.map((entry) => entry.year),
      timeZone: TIME_ZONE,
    });
    return addWorkingDays(calendar, endOfLocalDay(start, TIME_ZONE), Number(days));
  }, [data, start, days]);

  return (
    <section className="card" aria-labelledby="due-check-heading">
      <h2 id="due-check-heading">Hitung batas waktu</h2>
      <p className="muted small">
        Batas waktu tugas yang dimulai pada tanggal ini, menurut kalender di atas. Hari mulai tidak dihitung.
      </p>
      <TextField
        id="due-start"
        label="Tanggal mulai"
        type="date"
        value={start}
        onChange={(event) => setStart(event.target.value)}
      />
      <TextField
        id="due-days"
        label="Jumlah hari kerja"
        type="number"
        inputMode="numeric"
        min={0}
        max={999}
        value={days}
        onChange={(event) => setDays(event.target.value)}
      />
      <p>
        Batas waktu:{' '}
        <output htmlFor="due-start due-days" aria-live="polite" id="due-result">
          {result ? dateTime(result.dueAt.toISOString()) : '—'}
        </output>
      </p>
      {result && result.uncoveredYears.length > 0 ? (
        <p className="muted small">
          Kalender tahun {result.uncoveredYears.join(', ')} belum ditetapkan: hanya akhir pekan dan hari libur yang
          tercatat dilewati.
        </p>
      ) : null}
    </section>
  );
}
