/**
 * Monitoring during implementation (pelaksanaan): the reports filed so far, the form to file
 * one (the initiating office), and the verifier's review (accept or return with a note).
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, newKey } from '../../api/client';
import type { AgreementDetail, MonitoringReport } from '../../api/types';
import { TextAreaField, TextField } from '../../components/Field';
import { shortDateTime } from '../../format';
import { labelOf, REPORT_STATUS_LABELS } from '../../labels';
import { fieldErrorsOf, reasonError, type FieldErrors } from '../../validation';
import { MIN_REASON_CHARS } from '../../../../src/domain/reasons';
import { refusalOutcome, type Outcome } from './outcome';

interface Props {
  detail: AgreementDetail;
  canFile: boolean;
  canReview: boolean;
  onOutcome(outcome: Outcome): void;
}

export function MonitoringSection({ detail, canFile, canReview, onOutcome }: Props) {
  return (
    <section className="card" aria-labelledby="monitoring-heading">
      <h2 id="monitoring-heading">Monitoring pelaksanaan</h2>
      {detail.reports.length === 0 ? <p className="muted">Belum ada laporan monitoring.</p> : null}
      <ol className="report-list">
        {detail.reports.map((report) => (
          <li key={report.id} className="report">
            <ReportView report={report} />
            {canReview && report.status === 'submitted' ? (
              <ReviewForm agreementId={detail.id} report={report} onOutcome={onOutcome} />
            ) : null}
          </li>
        ))}
      </ol>
      {canFile ? <ReportForm agreementId={detail.id} onOutcome={onOutcome} /> : null}
    </section>
  );
}

function ReportView({ report }: { report: MonitoringReport }) {
  return (
    <article aria-label={`Laporan ${report.period}`}>
      <h3>
        {report.period}{' '}
        <span className={`badge badge-${REPORT_TONE[report.status] ?? 'info'}`}>
          {labelOf(REPORT_STATUS_LABELS, report.status)}
        </span>
      </h3>
      <p className="progress-line">
        Kemajuan {report.progressPercent}%
        <progress max={100} value={report.progressPercent} aria-label={`Kemajuan ${report.progressPercent} persen`} />
      </p>
      <p>{report.activities}</p>
      {report.problems ? (
        <p>
          <strong>Kendala:</strong> {report.problems}
        </p>
      ) : null}
      {report.followUp ? (
        <p>
          <strong>Tindak lanjut:</strong> {report.followUp}
        </p>
      ) : null}
      <p className="muted small">
        Dilaporkan oleh {report.filedBy}, {shortDateTime(report.filedAt)}
        {report.reviewedAt ? ` · ditelaah oleh ${report.reviewedBy}, ${shortDateTime(report.reviewedAt)}` : ''}
      </p>
      {report.reviewNote ? <blockquote>{report.reviewNote}</blockquote> : null}
    </article>
  );
}

function ReviewForm({
  agreementId,
  report,
  onOutcome,
}: {
  agreementId: string;
  report: MonitoringReport;
  onOutcome(o: Outcome): void;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const id = `review-note-${report.id}`;
  const review = async (decision: 'accept' | 'return') => {
    const noteError = decision === 'return' ? reasonError('return_report', note) : undefined;
    if (noteError) {
      setError(noteError);
      document.getElementById(id)?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.post(
        `/api/agreements/${agreementId}/reports/${report.id}/review`,
        { decision, note: note.trim() },
        newKey(),
      );
      onOutcome({
        tone: 'success',
        reload: true,
        text: decision === 'accept' ? `Laporan ${report.period} diterima.` : `Laporan ${report.period} dikembalikan.`,
      });
    } catch (caught) {
      if (caught instanceof ApiError) setError(fieldErrorsOf(caught).note);
      onOutcome(refusalOutcome(caught));
      setBusy(false);
    }
  };

  return (
    <div className="review-form">
      <TextAreaField
        id={id}
        label={`Catatan telaah laporan ${report.period}`}
        optional
        hint={`Wajib diisi, paling sedikit ${MIN_REASON_CHARS} karakter, bila laporan dikembalikan.`}
        rows={2}
        value={note}
        error={error}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => review('accept')}>
          Terima laporan
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={() => review('return')}>
          Kembalikan laporan
        </button>
      </div>
    </div>
  );
}

const REPORT_TONE: Record<string, string> = { accepted: 'success', returned: 'warning' };

const EMPTY = { period: '', activities: '', progressPercent: '', problems: '', followUp: '' };

function ReportForm({ agreementId, onOutcome }: { agreementId: string; onOutcome(o: Outcome): void }) {
  const [input, setInput] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setInput({ ...input, [key]: event.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const body = {
      period: input.period.trim(),
      activities: input.activities.trim(),
      progressPercent: input.progressPercent.trim() === '' ? undefined : Number(input.progressPercent),
      problems: optional(input.problems),
      followUp: optional(input.followUp),
    };
    try {
      await api.post(`/api/agreements/${agreementId}/reports`, body, newKey());
      setInput(EMPTY);
      onOutcome({
        tone: 'success',
        reload: true,
        text: `Laporan monitoring ${body.period} terkirim untuk ditelaah verifikator.`,
      });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(fieldErrorsOf(caught));
      onOutcome(refusalOutcome(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="report-form" onSubmit={submit} noValidate aria-labelledby="report-form-heading">
      <h3 id="report-form-heading">Kirim laporan monitoring</h3>
      <div className="grid-2">
        <TextField
          id="period"
          label="Periode"
          placeholder="mis. Semester I 2027"
          value={input.period}
          error={errors.period}
          onChange={set('period')}
        />
        <TextField
          id="progressPercent"
          label="Kemajuan (%)"
          type="number"
          min={0}
          max={100}
          inputMode="numeric"
          value={input.progressPercent}
          error={errors.progressPercent}
          onChange={set('progressPercent')}
        />
      </div>
      <TextAreaField
        id="activities"
        label="Kegiatan yang dilaksanakan"
        rows={3}
        value={input.activities}
        error={errors.activities}
        onChange={set('activities')}
      />
      <TextAreaField
        id="problems"
        label="Kendala"
        optional
        rows={2}
        value={input.problems}
        error={errors.problems}
        onChange={set('problems')}
      />
      <TextAreaField
        id="followUp"
        label="Rencana tindak lanjut"
        optional
        rows={2}
        value={input.followUp}
        error={errors.followUp}
        onChange={set('followUp')}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Mengirim…' : 'Kirim laporan'}
      </button>
    </form>
  );
}
