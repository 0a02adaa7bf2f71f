/**
 * The guided form for a new proposal (usulan). It creates the agreement, uploads the terms of
 * reference (KAK) when the server takes documents, then submits if asked: the order the API
 * requires (create, upload, submit). Server validation errors appear next to their fields.
 */
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, api, newKey } from '../api/client';
import { uploadDocument } from '../api/documents';
import { Alert } from '../components/Alert';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/Field';
import { PageTitle } from '../components/PageTitle';
import { setFlash } from '../flash';
import { rupiah } from '../format';
import { INSTRUMENT_LABELS, INSTRUMENTS, KIND_LABELS, KINDS } from '../labels';
import { navigate } from '../router';
import { useSession } from '../session';
import { fieldErrorsOf, fieldId, type FieldErrors } from '../validation';
import { agreementPayload, INITIAL_INPUT, type AgreementInput } from './new/agreementPayload';
import { ParentSelect } from './new/ParentSelect';
import { PartnersFieldset } from './new/PartnersFieldset';

export function NewAgreementPage() {
  const { user, hasRole } = useSession();
  const [input, setInput] = useState<AgreementInput>(INITIAL_INPUT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kak = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  // One key for this proposal: resending after a lost answer returns the agreement already made.
  const createKey = useRef(newKey());
  const set = <K extends keyof AgreementInput>(key: K, value: AgreementInput[K]) =>
    setInput((current) => ({ ...current, [key]: value }));

  if (!user || !hasRole('initiator')) {
    return (
      <>
        <PageTitle>Usulan baru</PageTitle>
        <Alert tone="warning">Hanya pemrakarsa perangkat daerah yang dapat membuat usulan kerja sama.</Alert>
      </>
    );
  }

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const andSubmit = submitter?.value === 'submit';
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      const created = await api.post<{ id: string; trackingCode: string }>(
        '/api/agreements',
        agreementPayload(input, user.unitCode),
        createKey.current,
      );
      const notes = [`Usulan tersimpan dengan kode lacak ${created.trackingCode}.`];
      const file = kak.current?.files?.[0];
      if (file) notes.push(await tryUpload(created.id, file));
      let tone: 'success' | 'warning' = 'success';
      if (andSubmit) {
        try {
          await api.post(`/api/agreements/${created.id}/decisions`, { stage: 'draft', decision: 'submit', note: '' });
          notes.push('Usulan telah diajukan untuk verifikasi.');
        } catch (error) {
          tone = 'warning';
          notes.push(`Usulan belum dapat diajukan: ${(error as Error).message}`);
        }
      }
      setFlash(tone, notes.join(' '));
      navigate(`/agreements/${created.id}`);
    } catch (error) {
      setBusy(false);
      if (!(error instanceof ApiError)) throw error;
      setErrors(fieldErrorsOf(error));
      setProblem(error.message);
      requestAnimationFrame(() => summary.current?.focus());
    }
  };

  const error = (key: string) => errors[key];

  return (
    <>
      <PageTitle subtitle={`Pemrakarsa: ${user.unitCode}. Kolom bertanda (opsional) boleh dikosongkan.`}>
        Usulan kerja sama baru
      </PageTitle>
      <div ref={summary} tabIndex={-1} className="focus-target">
        <Alert tone="error">
          {problem ? (
            <>
              <p>{problem}</p>
              {Object.keys(errors).length > 0 ? (
                <ul>
                  {Object.entries(errors).map(([key, message]) => (
                    <li key={key}>
                      <a href={`#${fieldId(key)}`}>
                        {fieldLabel(key)}: {message}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </Alert>
      </div>
      <form onSubmit={save} noValidate className="stack">
        <fieldset className="card">
          <legend>Jenis dan bentuk kerja sama</legend>
          <SelectField
            id="kind"
            label="Jenis kerja sama"
            value={input.kind}
            error={error('kind')}
            onChange={(e) => set('kind', e.target.value)}
            options={KINDS.map((kind) => [kind, KIND_LABELS[kind]])}
          />
          <SelectField
            id="instrument"
            label="Bentuk dokumen"
            value={input.instrument}
            error={error('instrument')}
            hint="KSB: kesepakatan payung. PKS: perjanjian pelaksanaan, biasanya di bawah KSB. NK: untuk sinergi pusat–daerah."
            onChange={(e) => set('instrument', e.target.value)}
            options={INSTRUMENTS.map((code) => [code, INSTRUMENT_LABELS[code]])}
          />
          <fieldset className="radio-group">
            <legend>Inisiatif dari</legend>
            {(
              [
                ['region', 'Pemerintah daerah'],
                ['partner', 'Mitra (tahap penawaran dilewati)'],
              ] as const
            ).map(([value, text]) => (
              <label key={value}>
                <input
                  type="radio"
                  name="initiatedBy"
                  value={value}
                  checked={input.initiatedBy === value}
                  onChange={() => set('initiatedBy', value)}
                />{' '}
                {text}
              </label>
            ))}
          </fieldset>
          {input.instrument === 'pks' || input.instrument === 'addendum' ? (
            <ParentSelect
              instrument={input.instrument}
              value={input.parentId}
              error={error('parentId')}
              onChange={(value) => set('parentId', value)}
            />
          ) : null}
        </fieldset>

        <PartnersFieldset
          partners={input.partners}
          errors={errors}
          onChange={(partners) => set('partners', partners)}
        />

        <fieldset className="card">
          <legend>Isi usulan</legend>
          <TextField
            id="title"
            label="Judul kerja sama"
            value={input.title}
            error={error('title')}
            onChange={(e) => set('title', e.target.value)}
          />
          <TextAreaField
            id="purpose"
            label="Maksud dan tujuan"
            rows={3}
            value={input.purpose}
            error={error('purpose')}
            onChange={(e) => set('purpose', e.target.value)}
          />
          <TextAreaField
            id="scope"
            label="Ruang lingkup"
            rows={4}
            value={input.scope}
            error={error('scope')}
            onChange={(e) => set('scope', e.target.value)}
          />
        </fieldset>

        <fieldset className="card">
          <legend>Waktu dan nilai</legend>
          <div className="grid-2">
            <TextField
              id="plannedStart"
              label="Rencana mulai"
              type="date"
              optional
              value={input.plannedStart}
              error={error('plannedStart')}
              onChange={(e) => set('plannedStart', e.target.value)}
            />
            <TextField
              id="durationMonths"
              label="Jangka waktu (bulan)"
              type="number"
              min={1}
              max={360}
              inputMode="numeric"
              value={input.durationMonths}
              error={error('durationMonths')}
              onChange={(e) => set('durationMonths', e.target.value)}
            />
            <TextField
              id="valueIdr"
              label="Nilai kerja sama (rupiah)"
              optional
              inputMode="numeric"
              value={input.valueIdr}
              error={error('valueIdr')}
              hint={valueHint(input.valueIdr)}
              onChange={(e) => set('valueIdr', e.target.value)}
            />
            <TextField
              id="fundingSource"
              label="Sumber dana"
              optional
              placeholder="mis. APBD 2026"
              value={input.fundingSource}
              error={error('fundingSource')}
              onChange={(e) => set('fundingSource', e.target.value)}
            />
          </div>
        </fieldset>

        <fieldset className="card">
          <legend>Persetujuan DPRD dan kerahasiaan</legend>
          <CheckboxField
            id="burdensPublic"
            label="Membebani masyarakat atau daerah"
            checked={input.burdensPublic}
            onChange={(e) => set('burdensPublic', e.target.checked)}
          />
          <CheckboxField
            id="unbudgeted"
            label="Belum dianggarkan dalam APBD tahun berjalan"
            checked={input.unbudgeted}
            onChange={(e) => set('unbudgeted', e.target.checked)}
            hint="Salah satu dari keduanya menambah tahap persetujuan DPRD (PP 28/2018)."
          />
          <CheckboxField
            id="confidential"
            label="Rahasia: halaman lacak publik hanya menampilkan kode dan tahap"
            checked={input.confidential}
            onChange={(e) => set('confidential', e.target.checked)}
          />
        </fieldset>

        <fieldset className="card">
          <legend>Dokumen</legend>
          <div className="field">
            <label htmlFor="kak">Kerangka Acuan Kerja (KAK)</label>
            <p className="hint" id="kak-hint">
              Wajib sebelum usulan diajukan. PDF, DOCX, XLSX, PNG atau JPEG. Dokumen lain dapat diunggah di halaman
              rincian.
            </p>
            <input
              id="kak"
              type="file"
              ref={kak}
              aria-describedby="kak-hint"
              accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
            />
          </div>
        </fieldset>

        <div className="actions">
          <button type="submit" name="action" value="submit" className="button" disabled={busy}>
            {busy ? 'Menyimpan…' : 'Simpan dan ajukan'}
          </button>
          <button type="submit" name="action" value="draft" className="button secondary" disabled={busy}>
            Simpan sebagai draf
          </button>
        </div>
      </form>
    </>
  );
}

async function tryUpload(agreementId: string, file: File): Promise<string> {
  try {
    await uploadDocument(agreementId, 'kak', file);
    return `KAK "${file.name}" terunggah.`;
  } catch (error) {
    if (error instanceof ApiError && error.routeMissing)
      return 'Unggah dokumen belum tersedia di server ini; KAK belum tersimpan.';
    return `KAK belum terunggah: ${(error as Error).message} Unggah lagi dari halaman rincian.`;
  }
}

function valueHint(value: string) {
  const amount = Number(value.replace(/[.\s]|^Rp/gi, ''));
  if (value.trim() === '' || !Number.isFinite(amount)) return 'Tanpa titik atau koma, mis. 250000000.';

  return `Terbaca: ${rupiah(amount)}`;
}

const FIELD_LABELS: Record<string, string> = {
  kind: 'Jenis kerja sama',
  instrument: 'Bentuk dokumen',
  initiatedBy: 'Inisiatif dari',
  parentId: 'Kerja sama induk',
  partners: 'Mitra kerja sama',
  title: 'Judul kerja sama',
  purpose: 'Maksud dan tujuan',
  scope: 'Ruang lingkup',
  plannedStart: 'Rencana mulai',
  durationMonths: 'Jangka waktu',
  valueIdr: 'Nilai kerja sama',
  fundingSource: 'Sumber dana',
  unitCode: 'Perangkat daerah',
};

/** The label a server field path stands for: `partners.0.name` → "Nama mitra 1". */
function fieldLabel(key: string): string {
  const partner = /^partners\.(\d+)\.(\w+)/.exec(key);
  if (partner) {
    const what = { name: 'Nama mitra', type: 'Jenis mitra', country: 'Kode negara mitra' }[partner[2]!] ?? 'Mitra';
    return `${what} ${Number(partner[1]) + 1}`;
  }

  return FIELD_LABELS[key] ?? key;
}
