/**
 * Admin: time limits (batas waktu) per stage in working days, for every kind of agreement at
 * once ("semua jenis") or for one kind, which then wins. An empty field keeps the product's
 * default (or the all-kinds value). A change applies to tasks that start after it.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { AdminSettings } from '../../api/types';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { ACTIVE_STAGES, KIND_LABELS, KINDS, stageLabel } from '../../labels';
import { useApi } from '../../useApi';
import { useFormErrors } from '../../useFormErrors';
import { AdminFrame } from './AdminFrame';

type Overrides = AdminSettings['slaOverrides'];
const ALL = '*';
const scopeLabel = (scope: string) => (scope === ALL ? 'Semua jenis' : (KIND_LABELS[scope as never] ?? scope));

export function SlaPage() {
  const settings = useApi(() => api.get<AdminSettings>('/api/admin/settings'), []);

  return (
    <AdminFrame title="Batas waktu tahap" subtitle="Jumlah hari kerja setiap tahap sebelum pengingat dikirim.">
      {settings.error ? <Alert tone="error">{settings.error.message}</Alert> : null}
      {settings.loading && !settings.data ? <p className="muted">Memuat pengaturan…</p> : null}
      {settings.data ? (
        <SlaEditor
          settings={settings.data}
          onSaved={(slaOverrides) => settings.set({ ...settings.data!, slaOverrides })}
        />
      ) : null}
    </AdminFrame>
  );
}

function SlaEditor({ settings, onSaved }: { settings: AdminSettings; onSaved(overrides: Overrides): void }) {
  const defaults = settings.defaults.slas;
  const stages = ACTIVE_STAGES.filter((stage) => defaults[stage]);
  const saved = settings.slaOverrides;
  const [scope, setScope] = useState(ALL);
  const valuesOf = (of: string) =>
    Object.fromEntries(stages.map((stage) => [stage, String(saved[of]?.[stage] ?? '')])) as Record<string, string>;
  const [values, setValues] = useState<Record<string, string>>(() => valuesOf(ALL));
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();

  const choose = (next: string) => {
    setScope(next);
    setValues(valuesOf(next));
    setNotice(null);
    form.clear();
  };
  const inherited = (stage: string) => {
    const all = scope === ALL ? undefined : saved[ALL]?.[stage];
    return all !== undefined
      ? `Bila kosong: ${all} hari kerja (pengaturan semua jenis).`
      : `Bila kosong: ${defaults[stage]!.workingDays} hari kerja (bawaan; ${defaults[stage]!.basis}).`;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    form.clear();
    const notWhole = stages.filter((stage) => values[stage]!.trim() !== '' && !/^\d+$/.test(values[stage]!.trim()));
    if (notWhole.length > 0) {
      form.invalid(Object.fromEntries(notWhole.map((stage) => [`${scope}.${stage}`, 'Harus bilangan bulat.'])));
      return;
    }
    const own = Object.fromEntries(
      stages.filter((stage) => values[stage]!.trim() !== '').map((stage) => [stage, Number(values[stage])]),
    );
    const { [scope]: _previous, ...others } = saved;
    const next: Overrides = Object.keys(own).length > 0 ? { ...others, [scope]: own } : others;
    setBusy(true);
    try {
      const answer = await api.put<{ slaOverrides: Overrides }>('/api/admin/settings/sla-overrides', next);
      onSaved(answer.slaOverrides);
      const saved = `Batas waktu untuk ${scopeLabel(scope).toLowerCase()} tersimpan.`;
      setNotice(`${saved} Berlaku bagi tahap yang dimulai sesudah ini.`);
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(false);
    }
  };

  const rows = Object.entries(saved).flatMap(([of, days]) =>
    Object.entries(days ?? {}).map(([stage, count]) => ({ of, stage, count })),
  );
  const policy = settings.defaults.reminderPolicy;

  return (
    <>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="sla-form-heading">
        <h2 id="sla-form-heading">Ubah batas waktu</h2>
        <Alert tone="error">{form.problem}</Alert>
        <Alert tone="success">{notice}</Alert>
        <SelectField
          id="sla-scope"
          label="Berlaku untuk"
          hint="Pengaturan satu jenis kerja sama mengalahkan pengaturan semua jenis."
          value={scope}
          onChange={(event) => choose(event.target.value)}
          options={[
            [ALL, 'Semua jenis kerja sama'],
            ...KINDS.map((kind): [string, string] => [kind, KIND_LABELS[kind]]),
          ]}
        />
        <div className="filter-grid">
          {stages.map((stage) => (
            <TextField
              key={`${scope}-${stage}`}
              id={`sla-${stage}`}
              label={`${stageLabel(stage)} (hari kerja)`}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              optional
              hint={inherited(stage)}
              value={values[stage] ?? ''}
              error={form.errors[`${scope}.${stage}`]}
              onChange={(event) => setValues((current) => ({ ...current, [stage]: event.target.value }))}
            />
          ))}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Menyimpan…' : 'Simpan batas waktu'}
        </button>
      </form>

      <section className="card" aria-labelledby="sla-saved-heading">
        <h2 id="sla-saved-heading">Pengaturan tersimpan</h2>
        {rows.length === 0 ? (
          <p className="muted">Belum ada: semua tahap memakai batas waktu bawaan.</p>
        ) : (
          <div className="table-wrap">
            <table className="responsive-table">
              <caption className="visually-hidden">Batas waktu yang diatur admin</caption>
              <thead>
                <tr>
                  <th scope="col">Berlaku untuk</th>
                  <th scope="col">Tahap</th>
                  <th scope="col">Hari kerja</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.of}-${row.stage}`}>
                    <td data-label="Berlaku untuk">{scopeLabel(row.of)}</td>
                    <td data-label="Tahap">{stageLabel(row.stage)}</td>
                    <td data-label="Hari kerja">{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="muted small">
          Pengingat: sesudah batas waktu lewat, setiap {policy.intervalWorkingDays} hari kerja; sesudah{' '}
          {policy.remindersBeforeEscalation} pengingat tugas dieskalasi ke atasan.
        </p>
      </section>
    </>
  );
}
