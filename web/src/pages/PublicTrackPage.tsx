/**
 * Public tracking (lacak) without login: enter a tracking code, see the stage path with the
 * dates each stage began and ended and whether it was on time. Only what GET
 * /api/public/track/:code gives: never names, notes or documents.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { PublicView } from '../api/types';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { PageTitle } from '../components/PageTitle';
import { StageBadge } from '../components/StageBadge';
import { Stepper } from '../components/Stepper';
import { date, shortDateTime } from '../format';
import { INSTRUMENT_LABELS, KIND_LABELS, PARTNER_TYPE_LABELS, stageLabel } from '../labels';
import { navigate } from '../router';
import { useApi } from '../useApi';

export function PublicTrackPage({ code }: { code?: string }) {
  const [input, setInput] = useState(code ?? '');
  const view = useApi(code ? () => api.get<PublicView>(`/api/public/track/${encodeURIComponent(code)}`) : null, [code]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cleaned = input.trim().toUpperCase();
    if (cleaned) navigate(`/lacak/${encodeURIComponent(cleaned)}`);
  };

  return (
    <>
      <PageTitle subtitle="Pantau perkembangan usulan kerja sama daerah dengan kode lacak, tanpa perlu masuk.">
        Lacak kerja sama
      </PageTitle>
      <form className="card track-form" role="search" onSubmit={submit}>
        <TextField
          id="tracking-code"
          label="Kode lacak"
          placeholder="KS-2026-XXXXXX"
          autoComplete="off"
          spellCheck={false}
          value={input}
          onChange={(event) => setInput(event.target.value)}
          hint="Tertera pada surat tanda terima usulan."
        />
        <button type="submit" className="button">
          Lacak
        </button>
      </form>
      {code && view.error ? (
        <Alert tone="error">
          {view.error.status === 404
            ? `Kode lacak ${code} tidak ditemukan. Periksa kembali penulisannya.`
            : view.error.message}
        </Alert>
      ) : null}
      {code && view.loading ? <p className="muted">Mencari…</p> : null}
      {view.data && !view.loading ? <Result view={view.data} /> : null}
    </>
  );
}

function Result({ view }: { view: PublicView }) {
  if (view.confidential) {
    return (
      <section className="card" aria-labelledby="result-heading">
        <h2 id="result-heading">{view.trackingCode}</h2>
        <p>
          Tahap saat ini: <StageBadge stage={view.stage} />
        </p>
        <p className="muted">Rincian kerja sama ini tidak dibuka untuk umum.</p>
      </section>
    );
  }
  const path = view.path ?? [];
  const periods = view.stages ?? [];
  const visited = periods.map((period) => period.stage);
  const lastOnPath = Math.max(...visited.map((stage) => path.indexOf(stage)), -1);
  const finished = view.stage === 'ended';

  return (
    <section className="card" aria-labelledby="result-heading">
      <h2 id="result-heading">{view.title}</h2>
      <p className="muted">
        {view.trackingCode} · {view.kind ? KIND_LABELS[view.kind] : ''} ·{' '}
        {view.instrument ? INSTRUMENT_LABELS[view.instrument] : ''}
      </p>
      <dl className="facts">
        <div>
          <dt>Tahap saat ini</dt>
          <dd>
            <StageBadge stage={view.stage} />
          </dd>
        </div>
        <div>
          <dt>Perangkat daerah pemrakarsa</dt>
          <dd>{view.unitCode}</dd>
        </div>
        <div>
          <dt>Mitra</dt>
          <dd>
            {(view.partners ?? [])
              .map((partner) => (partner.type === 'perorangan' ? PARTNER_TYPE_LABELS.perorangan : partner.name))
              .join(', ')}
          </dd>
        </div>
        {view.startDate && view.endDate ? (
          <div>
            <dt>Masa berlaku</dt>
            <dd>
              {date(view.startDate)} – {date(view.endDate)}
            </dd>
          </div>
        ) : null}
      </dl>
      <Stepper
        label="Tahapan dan tanggal"
        path={path}
        currentIndex={path.indexOf(view.stage) >= 0 ? path.indexOf(view.stage) : lastOnPath}
        finished={finished}
        currentNote={path.includes(view.stage) ? undefined : `Saat ini: ${stageLabel(view.stage)}`}
        details={(stage) => {
          const period = [...periods].reverse().find((candidate) => candidate.stage === stage);
          if (!period) return null;
          return (
            <span className="step-dates">
              <span className="block">Mulai {shortDateTime(period.startedAt)}</span>
              {period.endedAt ? <span className="block">Selesai {shortDateTime(period.endedAt)}</span> : null}
              {period.dueAt ? <span className="block">Batas {shortDateTime(period.dueAt)}</span> : null}
              {period.onTime === true ? <span className="badge badge-success">Tepat waktu</span> : null}
              {period.onTime === false ? <span className="badge badge-danger">Terlambat</span> : null}
            </span>
          );
        }}
      />
    </section>
  );
}
