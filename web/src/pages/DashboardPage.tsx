/**
 * The dashboard: the user's tasks (overdue first, with how late), counts by stage, agreements
 * ending within 180 days, and small charts by kind, office and year.
 */
import { api } from '../api/client';
import { loadStats } from '../api/stats';
import type { AgreementSummary, Page, Task } from '../api/types';
import { Alert } from '../components/Alert';
import { BarChart } from '../components/BarChart';
import { PageTitle } from '../components/PageTitle';
import { StageBadge } from '../components/StageBadge';
import { date, lateness, shortDateTime } from '../format';
import { ACTIVE_STAGES, KIND_LABELS, roleLabel } from '../labels';
import { Link } from '../router';
import { useSession } from '../session';
import { useApi } from '../useApi';
import { StatsNote } from './StatsNote';

export function DashboardPage() {
  const { user, hasRole } = useSession();
  const tasks = useApi(() => api.get<{ items: Task[]; total: number }>('/api/tasks'), []);
  const stats = useApi(loadStats, []);
  const expiring = useApi(
    () =>
      api.get<Page<AgreementSummary>>('/api/agreements', { expiringWithinDays: 180, sort: 'endDate', pageSize: 10 }),
    [],
  );
  const activeStages = new Set<string>(ACTIVE_STAGES);

  return (
    <>
      <PageTitle subtitle={`Selamat datang, ${user?.name ?? ''}.`}>Beranda</PageTitle>
      {hasRole('initiator') ? (
        <p className="actions">
          <Link to="/agreements/new" className="button">
            Buat usulan kerja sama baru
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="tasks-heading" className="card">
        <h2 id="tasks-heading">Tugas saya</h2>
        {tasks.error ? <Alert tone="error">{tasks.error.message}</Alert> : null}
        {tasks.loading && !tasks.data ? <p className="muted">Memuat tugas…</p> : null}
        {tasks.data && tasks.data.items.length === 0 ? (
          <p className="muted">Tidak ada tugas yang menunggu Anda.</p>
        ) : null}
        {tasks.data && tasks.data.items.length > 0 ? <TaskList tasks={tasks.data.items} /> : null}
      </section>

      <section aria-labelledby="stats-heading">
        <h2 id="stats-heading">Ringkasan kerja sama</h2>
        {stats.error ? <Alert tone="error">{stats.error.message}</Alert> : null}
        {stats.data ? (
          <>
            <StatsNote stats={stats.data} />
            <div className="grid-2">
              <div className="card">
                <BarChart
                  title="Jumlah per tahap (yang berjalan)"
                  bars={stats.data.byStage.filter((bar) => activeStages.has(bar.key))}
                />
              </div>
              <div className="card">
                <BarChart title="Per jenis kerja sama" bars={stats.data.byKind} />
              </div>
              <div className="card">
                <BarChart title="Per perangkat daerah" bars={stats.data.byUnit} />
              </div>
              <div className="card">
                <BarChart title="Per tahun" bars={stats.data.byYear} />
              </div>
            </div>
          </>
        ) : stats.loading ? (
          <p className="muted">Menghitung…</p>
        ) : null}
      </section>

      <section aria-labelledby="expiring-heading" className="card">
        <h2 id="expiring-heading">Segera berakhir (180 hari ke depan)</h2>
        {expiring.error ? <Alert tone="error">{expiring.error.message}</Alert> : null}
        {expiring.data && expiring.data.items.length === 0 ? (
          <p className="muted">Tidak ada kerja sama yang berakhir dalam 180 hari.</p>
        ) : null}
        {expiring.data && expiring.data.items.length > 0 ? (
          <ul className="plain-list">
            {expiring.data.items.map((item) => (
              <li key={item.id}>
                <Link to={`/agreements/${item.id}`}>{item.title}</Link>{' '}
                <span className="muted">
                  · {KIND_LABELS[item.kind]} · berakhir {item.endDate ? date(item.endDate) : '—'}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}

function TaskList({ tasks }: { tasks: Task[] }) {
  return (
    <ul className="task-list">
      {tasks.map((task) => {
        const late = task.dueAt ? lateness(task.dueAt) : null;
        return (
          <li key={`${task.agreementId}-${task.stage}-${task.role}`} className={task.overdue ? 'task overdue' : 'task'}>
            <div className="task-main">
              <Link to={`/agreements/${task.agreementId}`} className="task-title">
                {task.title}
              </Link>
              <span className="muted">
                {task.trackingCode} · {task.unitCode} · sebagai {roleLabel(task.role)}
                {task.reason === 'escalated' ? ' (eskalasi)' : ''}
                {task.reason === 'delegated' && task.actingFor ? ` (Plt./Plh. atas nama ${task.actingFor})` : ''}
              </span>
            </div>
            <div className="task-meta">
              <StageBadge stage={task.stage} />
              {task.dueAt && late ? (
                <span className={late.overdue ? 'due overdue-text' : 'due'}>
                  Batas {shortDateTime(task.dueAt)} · <strong>{late.text}</strong>
                </span>
              ) : (
                <span className="due">Tanpa batas waktu</span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
