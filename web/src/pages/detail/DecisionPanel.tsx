/**
 * The decisions the signed-in user may take now (STAGE_RULES of src/domain), shown only to the
 * role that must act. It sends the stage the user saw, so a decision on a stale page is
 * refused by the server (409) and the page says so and reloads instead of failing.
 */
import { useRef, useState } from 'react';
import { api, ApiError, newKey } from '../../api/client';
import type { ActingDelegation, AgreementDetail } from '../../api/types';
import { TextAreaField } from '../../components/Field';
import { todayLocal } from '../../format';
import {
  DECISION_LABELS,
  DELEGATION_TITLE_LABELS,
  DELEGATION_TITLE_SHORT,
  labelOf,
  roleLabel,
  stageLabel,
} from '../../labels';
import { fieldErrorsOf, reasonError, type FieldErrors } from '../../validation';
import { MIN_REASON_CHARS, needsReason } from '../../../../src/domain/reasons';
import type { Decision, Stage } from '../../../../src/domain/stages';
import { decidedOutcome, refusalOutcome, type Outcome } from './outcome';
import { SigningFields, signingPayload, type SigningInput } from './SigningFields';

const STAGE_WORDING: Partial<Record<Stage, Partial<Record<Decision, string>>>> = {
  offer: { approve: 'Mitra menerima', reject: 'Mitra menolak' },
  dprd_approval: { approve: 'Catat persetujuan DPRD', reject: 'DPRD tidak menyetujui' },
  ministry_approval: { approve: 'Catat persetujuan kementerian', reject: 'Kementerian tidak menyetujui' },
  signing: { approve: 'Catat penandatanganan', revise: 'Naskah tidak sah: kembalikan' },
};
const PRIMARY = new Set<Decision>(['approve', 'submit', 'resubmit', 'continue']);
const DANGER = new Set<Decision>(['reject', 'withdraw', 'end']);

export const decisionLabel = (stage: Stage, decision: Decision) =>
  STAGE_WORDING[stage]?.[decision] ?? DECISION_LABELS[decision];

interface Props {
  detail: AgreementDetail;
  role: string;
  /** Set when the user decides as acting official (Plt./Plh.) of the role's holder. */
  acting?: ActingDelegation | null;
  decisions: readonly Decision[];
  onOutcome(outcome: Outcome): void;
}

export function DecisionPanel({ detail, role, acting = null, decisions, onOutcome }: Props) {
  const [note, setNote] = useState('');
  const [signing, setSigning] = useState<SigningInput>({
    signedAt: todayLocal(),
    ourNumber: '',
    partnerNumbers: detail.partners.map(() => ''),
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<Decision | null>(null);
  // One key per decision on this stage: a retry after a lost answer replays the first result.
  const idempotencyKey = useRef(newKey());
  const stage = detail.stage;

  const decide = async (decision: Decision) => {
    const noteError = reasonError(decision, note);
    if (noteError) {
      setErrors({ note: noteError });
      document.getElementById('decision-note')?.focus();
      return;
    }
    setBusy(decision);
    setErrors({});
    const body = {
      stage,
      decision,
      note: note.trim(),
      ...(stage === 'signing' && decision === 'approve' ? { signing: signingPayload(signing) } : {}),
    };
    try {
      const after = await api.post<AgreementDetail>(
        `/api/agreements/${detail.id}/decisions`,
        body,
        idempotencyKey.current,
      );
      onOutcome(decidedOutcome(decisionLabel(stage, decision), after));
    } catch (error) {
      if (error instanceof ApiError) setErrors(fieldErrorsOf(error));
      onOutcome(refusalOutcome(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card decision-panel" aria-labelledby="decision-heading">
      <h2 id="decision-heading">Keputusan Anda</h2>
      {acting ? (
        <p className="acting-note">
          <span className="badge badge-warning">{labelOf(DELEGATION_TITLE_SHORT, acting.title)}</span> Anda
          memutuskan sebagai {labelOf(DELEGATION_TITLE_LABELS, acting.title)} atas nama{' '}
          <strong>{acting.holderUsername}</strong> berdasarkan surat perintah {acting.warrantNumber}. Riwayat
          mencatat keputusan ini atas nama pemegang jabatan.
        </p>
      ) : null}
      <p>
        Tahap <strong>{stageLabel(stage)}</strong> menunggu keputusan Anda sebagai{' '}
        {acting ? `${labelOf(DELEGATION_TITLE_SHORT, acting.title)} ` : ''}
        {roleLabel(role)}.
      </p>
      {stage === 'signing' ? (
        <SigningFields value={signing} partners={detail.partners} errors={errors} onChange={setSigning} />
      ) : null}
      <TextAreaField
        id="decision-note"
        label="Catatan"
        optional={!decisions.some(needsReason)}
        hint={
          decisions.some(needsReason)
            ? `Wajib diisi (paling sedikit ${MIN_REASON_CHARS} karakter) bila mengembalikan atau menolak.`
            : undefined
        }
        rows={3}
        value={note}
        error={errors.note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="actions">
        {decisions.map((decision) => (
          <button
            key={decision}
            type="button"
            className={PRIMARY.has(decision) ? 'button' : DANGER.has(decision) ? 'button danger' : 'button secondary'}
            disabled={busy !== null}
            onClick={() => decide(decision)}
          >
            {busy === decision ? 'Memproses…' : decisionLabel(stage, decision)}
          </button>
        ))}
      </div>
    </section>
  );
}
