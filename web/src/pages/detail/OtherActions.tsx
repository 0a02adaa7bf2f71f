/**
 * Less frequent actions, folded away: the verifier extends the pending task's deadline; the
 * verifier or the Sekda ends a running agreement early with a reason (domain.md).
 */
import { useState, type FormEvent } from 'react';
import { api, newKey } from '../../api/client';
import type { AgreementDetail } from '../../api/types';
import { SelectField, TextAreaField, TextField } from '../../components/Field';
import { stageLabel, TERMINATION_REASON_LABELS } from '../../labels';
import { refusalOutcome, type Outcome } from './outcome';

interface Props {
  detail: AgreementDetail;
  canExtend: boolean;
  canTerminate: boolean;
  onOutcome(outcome: Outcome): void;
}

export function OtherActions({ detail, canExtend, canTerminate, onOutcome }: Props) {
  if (!canExtend && !canTerminate) return null;

  return (
    <section className="card" aria-labelledby="other-actions-heading">
      <h2 id="other-actions-heading">Tindakan lain</h2>
      {canExtend && detail.pendingTask ? <ExtendDeadline detail={detail} onOutcome={onOutcome} /> : null}
      {canTerminate ? <Terminate detail={detail} onOutcome={onOutcome} /> : null}
    </section>
  );
}

function ExtendDeadline({ detail, onOutcome }: { detail: AgreementDetail; onOutcome(o: Outcome): void }) {
  const [days, setDays] = useState('5');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError('Tuliskan alasan perpanjangan.');
    setError(undefined);
    try {
      await api.post(
        `/api/agreements/${detail.id}/deadline`,
        { workingDays: Number(days), reason: reason.trim() },
        newKey(),
      );
      onOutcome({
        tone: 'success',
        reload: true,
        text: `Batas waktu tahap ${stageLabel(detail.pendingTask!.stage)} diperpanjang.`,
      });
    } catch (caught) {
      onOutcome(refusalOutcome(caught));
    }
  };

  return (
    <details>
      <summary>Perpanjang batas waktu tahap ini</summary>
      <form onSubmit={submit} noValidate>
        <TextField
          id="extend-days"
          label="Tambahan hari kerja"
          type="number"
          min={1}
          max={120}
          value={days}
          onChange={(event) => setDays(event.target.value)}
        />
        <TextAreaField
          id="extend-reason"
          label="Alasan"
          rows={2}
          value={reason}
          error={error}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className="button secondary">
          Perpanjang
        </button>
      </form>
    </details>
  );
}

function Terminate({ detail, onOutcome }: { detail: AgreementDetail; onOutcome(o: Outcome): void }) {
  const [reason, setReason] = useState('agreed_by_parties');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return setError('Tuliskan dasar pengakhiran (mis. nomor surat).');
    setError(undefined);
    try {
      await api.post(`/api/agreements/${detail.id}/terminate`, { reason, note: note.trim() }, newKey());
      onOutcome({ tone: 'success', reload: true, text: 'Kerja sama diakhiri lebih awal.' });
    } catch (caught) {
      onOutcome(refusalOutcome(caught));
    }
  };

  return (
    <details>
      <summary>Akhiri kerja sama lebih awal</summary>
      <form onSubmit={submit} noValidate>
        <SelectField
          id="terminate-reason"
          label="Alasan pengakhiran"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          options={Object.entries(TERMINATION_REASON_LABELS)}
        />
        <TextAreaField
          id="terminate-note"
          label="Keterangan"
          rows={2}
          value={note}
          error={error}
          onChange={(event) => setNote(event.target.value)}
        />
        <button type="submit" className="button danger">
          Akhiri kerja sama
        </button>
      </form>
    </details>
  );
}
