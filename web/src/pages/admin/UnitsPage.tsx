/**
 * Admin: the units (perangkat daerah). Add one, rename one, or remove one that nobody and no
 * agreement names any more (the API refuses otherwise and says why).
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Unit } from '../../api/types';
import { Alert } from '../../components/Alert';
import { TextField } from '../../components/Field';
import { useApi } from '../../useApi';
import { conflictAt, useFormErrors } from '../../useFormErrors';
import { AdminFrame } from './AdminFrame';

type Notice = { tone: 'success' | 'error'; text: string } | null;

export function UnitsPage() {
  const units = useApi(() => api.get<{ items: Unit[]; total: number }>('/api/admin/units'), []);
  const [notice, setNotice] = useState<Notice>(null);

  return (
    <AdminFrame title="Unit kerja" subtitle="Perangkat daerah yang memrakarsai dan menangani kerja sama.">
      <Alert tone={notice?.tone ?? 'info'}>{notice?.text}</Alert>
      <NewUnit
        onCreated={(unit) => {
          setNotice({ tone: 'success', text: `Unit ${unit.code} ditambahkan.` });
          void units.reload();
        }}
      />
      {units.error ? <Alert tone="error">{units.error.message}</Alert> : null}
      {units.loading && !units.data ? <p className="muted">Memuat unit…</p> : null}
      {units.data ? (
        <div className="table-wrap">
          <table className="responsive-table">
            <caption className="visually-hidden">Daftar unit kerja</caption>
            <thead>
              <tr>
                <th scope="col">Kode</th>
                <th scope="col">Nama</th>
                <th scope="col">Tindakan</th>
              </tr>
            </thead>
            <tbody>
              {units.data.items.map((unit) => (
                <UnitRow
                  key={unit.code}
                  unit={unit}
                  onChanged={(text) => {
                    setNotice({ tone: 'success', text });
                    void units.reload();
                  }}
                  onRefused={(text) => setNotice({ tone: 'error', text })}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </AdminFrame>
  );
}

function NewUnit({ onCreated }: { onCreated(unit: Unit): void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const form = useFormErrors();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.clear();
    try {
      const unit = await api.post<Unit>('/api/admin/units', { code, name });
      setCode('');
      setName('');
      onCreated(unit);
    } catch (error) {
      form.fail(error, conflictAt('code'));
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-unit-heading">
      <h2 id="new-unit-heading">Tambah unit</h2>
      <Alert tone="error">{form.problem}</Alert>
      <div className="grid-2">
        <TextField
          id="unit-code"
          label="Kode unit"
          hint="2–20 karakter: huruf kapital, angka atau garis bawah, mis. DISHUB."
          value={code}
          error={form.errors.code}
          onChange={(event) => setCode(event.target.value)}
        />
        <TextField
          id="unit-name"
          label="Nama unit"
          value={name}
          error={form.errors.name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <button type="submit" className="button">
        Tambah unit
      </button>
    </form>
  );
}

function UnitRow({
  unit,
  onChanged,
  onRefused,
}: {
  unit: Unit;
  onChanged(text: string): void;
  onRefused(text: string): void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(unit.name);
  const form = useFormErrors();
  const inputId = `unit-rename-${unit.code}`;

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    form.clear();
    try {
      const updated = await api.patch<Unit>(`/api/admin/units/${encodeURIComponent(unit.code)}`, { name });
      setEditing(false);
      onChanged(`Unit ${updated.code} sekarang bernama ${updated.name}.`);
    } catch (error) {
      form.fail(error);
    }
  };
  const remove = async () => {
    try {
      await api.delete(`/api/admin/units/${encodeURIComponent(unit.code)}`);
      onChanged(`Unit ${unit.code} dihapus.`);
    } catch (error) {
      onRefused((error as Error).message);
    }
  };

  return (
    <tr>
      <td data-label="Kode">
        <strong>{unit.code}</strong>
      </td>
      <td data-label="Nama">
        {editing ? (
          <form onSubmit={rename} noValidate>
            <TextField
              id={inputId}
              label={`Nama baru unit ${unit.code}`}
              autoFocus
              value={name}
              error={form.errors.name ?? form.problem ?? undefined}
              onChange={(event) => setName(event.target.value)}
            />
            <div className="actions">
              <button type="submit" className="button small">
                Simpan nama
              </button>
              <button
                type="button"
                className="button secondary small"
                onClick={() => {
                  setEditing(false);
                  setName(unit.name);
                  form.clear();
                }}
              >
                Batal
              </button>
            </div>
          </form>
        ) : (
          unit.name
        )}
      </td>
      <td data-label="Tindakan">
        {editing ? null : (
          <div className="actions compact">
            <button type="button" className="button secondary small" onClick={() => setEditing(true)}>
              Ubah nama<span className="visually-hidden"> unit {unit.code}</span>
            </button>
            <button type="button" className="button danger small" onClick={remove}>
              Hapus<span className="visually-hidden"> unit {unit.code}</span>
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
