/**
 * Admin: one user account. New: username, name, email, first password, roles and unit. Existing:
 * the same but the username, an optional new password (which ends the user's sessions), the
 * active flag, and deactivation (users are never deleted: their name stays in the history).
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { AdminUser, Unit } from '../../api/types';
import { Alert } from '../../components/Alert';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { setFlash } from '../../flash';
import { ROLE_LABELS } from '../../labels';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { useApi } from '../../useApi';
import { conflictAt, errorUnder, useFormErrors } from '../../useFormErrors';
import { ROLES, type Role } from '../../../../src/domain/glossary';
import { AdminFrame } from './AdminFrame';

interface Input {
  username: string;
  name: string;
  email: string;
  password: string;
  roles: Role[];
  unitCode: string;
  active: boolean;
}

const EMPTY: Input = { username: '', name: '', email: '', password: '', roles: [], unitCode: '', active: true };

export function UserFormPage({ id }: { id?: string }) {
  const units = useApi(() => api.get<{ items: Unit[] }>('/api/admin/units'), []);
  const existing = useApi(id ? () => api.get<AdminUser>(`/api/admin/users/${encodeURIComponent(id)}`) : null, [id]);
  // Deactivation changes the account under the form: a new key starts the form from it.
  const [formVersion, setFormVersion] = useState(0);
  const title = id ? 'Ubah pengguna' : 'Tambah pengguna';

  if (id && existing.error) {
    return (
      <AdminFrame title={title}>
        <Alert tone="error">{existing.error.message}</Alert>
        <p>
          <Link to="/admin/users">Kembali ke daftar pengguna</Link>
        </p>
      </AdminFrame>
    );
  }
  if (id && !existing.data) {
    return (
      <AdminFrame title={title}>
        <p className="muted">Memuat pengguna…</p>
      </AdminFrame>
    );
  }

  return (
    <AdminFrame title={title} subtitle={existing.data ? `Nama pengguna: ${existing.data.username}` : undefined}>
      {units.error ? <Alert tone="error">{units.error.message}</Alert> : null}
      <UserForm
        key={`${existing.data?.id ?? 'new'}:${formVersion}`}
        user={existing.data}
        units={units.data?.items ?? []}
        onSaved={(saved) => existing.set(saved)}
      />
      {existing.data ? (
        <Deactivate
          user={existing.data}
          onDone={(saved) => {
            existing.set(saved);
            setFormVersion((version) => version + 1);
          }}
        />
      ) : null}
    </AdminFrame>
  );
}

function UserForm({ user, units, onSaved }: { user: AdminUser | null; units: Unit[]; onSaved(user: AdminUser): void }) {
  const { user: me } = useSession();
  const [input, setInput] = useState<Input>(() =>
    user ? { ...EMPTY, ...user, password: '' } : { ...EMPTY, unitCode: me?.unitCode ?? '' },
  );
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();
  const set = <K extends keyof Input>(key: K, value: Input[K]) => setInput((current) => ({ ...current, [key]: value }));
  // Roles stay in the glossary's order, whatever order they were ticked in.
  const toggleRole = (role: Role, on: boolean) =>
    set('roles', ROLES.filter((r) => (r === role ? on : input.roles.includes(r))));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(null);
    form.clear();
    const common = { name: input.name, email: input.email, roles: input.roles, unitCode: input.unitCode };
    try {
      if (!user) {
        const created = await api.post<AdminUser>('/api/admin/users', {
          ...common,
          username: input.username,
          password: input.password,
        });
        setFlash('success', `Pengguna ${created.username} ditambahkan.`);
        navigate('/admin/users');
        return;
      }
      const changes = { ...common, active: input.active, ...(input.password ? { password: input.password } : {}) };
      const updated = await api.patch<AdminUser>(`/api/admin/users/${user.id}`, changes);
      setInput((current) => ({ ...current, password: '' }));
      setSaved(`Perubahan pada ${updated.username} tersimpan.`);
      onSaved(updated);
    } catch (error) {
      // A taken username comes back as a conflict without a field path: show it at the field.
      form.fail(error, conflictAt('username'));
    } finally {
      setBusy(false);
    }
  };

  const unitOptions: [string, string][] = [
    ['', '— pilih unit —'],
    ...units.map((unit): [string, string] => [unit.code, `${unit.code} · ${unit.name}`]),
  ];
  if (input.unitCode && !units.some((unit) => unit.code === input.unitCode)) {
    unitOptions.push([input.unitCode, input.unitCode]);
  }
  const rolesError = errorUnder(form.errors, 'roles');

  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="user-form-heading">
      <h2 id="user-form-heading">{user ? 'Data pengguna' : 'Pengguna baru'}</h2>
      <Alert tone="error">{form.problem}</Alert>
      <Alert tone="success">{saved}</Alert>
      {user ? null : (
        <TextField
          id="user-username"
          label="Nama pengguna"
          hint="3–60 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung. Tidak dapat diubah kemudian."
          autoComplete="off"
          value={input.username}
          error={form.errors.username}
          onChange={(event) => set('username', event.target.value)}
        />
      )}
      <TextField
        id="user-name"
        label="Nama lengkap"
        value={input.name}
        error={form.errors.name}
        onChange={(event) => set('name', event.target.value)}
      />
      <TextField
        id="user-email"
        label="Surel"
        type="email"
        value={input.email}
        error={form.errors.email}
        onChange={(event) => set('email', event.target.value)}
      />
      <TextField
        id="user-password"
        label={user ? 'Kata sandi baru' : 'Kata sandi awal'}
        type="password"
        autoComplete="new-password"
        optional={Boolean(user)}
        hint={
          user
            ? 'Kosongkan bila tidak diubah. Kata sandi baru mengakhiri semua sesi pengguna ini.'
            : 'Paling sedikit 10 karakter. Sampaikan kepada pengguna melalui saluran resmi.'
        }
        value={input.password}
        error={form.errors.password}
        onChange={(event) => set('password', event.target.value)}
      />
      <fieldset
        className={rolesError ? 'radio-group has-error' : 'radio-group'}
        aria-describedby={rolesError ? 'user-roles-error' : undefined}
      >
        <legend>Peran</legend>
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              name="user-roles"
              value={role}
              checked={input.roles.includes(role)}
              onChange={(event) => toggleRole(role, event.target.checked)}
            />
            {ROLE_LABELS[role]}
          </label>
        ))}
        {rolesError ? (
          <p className="field-error" id="user-roles-error">
            {rolesError}
          </p>
        ) : null}
      </fieldset>
      <SelectField
        id="user-unitCode"
        label="Unit kerja"
        value={input.unitCode}
        error={form.errors.unitCode}
        onChange={(event) => set('unitCode', event.target.value)}
        options={unitOptions}
      />
      {user ? (
        <CheckboxField
          id="user-active"
          label="Akun aktif"
          hint="Akun nonaktif tidak dapat masuk; riwayatnya tetap tersimpan."
          checked={input.active}
          onChange={(event) => set('active', event.target.checked)}
        />
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Menyimpan…' : 'Simpan pengguna'}
        </button>
        <Link to="/admin/users">Kembali ke daftar pengguna</Link>
      </div>
    </form>
  );
}

/** Deactivation in two steps: the first click asks, the second does it. */
function Deactivate({ user, onDone }: { user: AdminUser; onDone(user: AdminUser): void }) {
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  if (!user.active && !result) return null;

  const deactivate = async () => {
    try {
      const updated = await api.delete<AdminUser>(`/api/admin/users/${user.id}`);
      setResult({ tone: 'success', text: `Akun ${updated.username} dinonaktifkan; semua sesinya berakhir.` });
      onDone(updated);
    } catch (error) {
      setResult({ tone: 'error', text: (error as Error).message });
    } finally {
      setAsking(false);
    }
  };

  return (
    <section className="card" aria-labelledby="deactivate-heading">
      <h2 id="deactivate-heading">Nonaktifkan akun</h2>
      <Alert tone={result?.tone ?? 'info'}>{result?.text}</Alert>
      {user.active ? (
        asking ? (
          <div className="actions">
            <p>Nonaktifkan {user.username}? Pengguna ini langsung keluar dari semua sesi.</p>
            <button type="button" autoFocus className="button danger" onClick={deactivate}>
              Ya, nonaktifkan
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>
              Batal
            </button>
          </div>
        ) : (
          <button type="button" className="button danger" onClick={() => setAsking(true)}>
            Nonaktifkan pengguna
          </button>
        )
      ) : null}
    </section>
  );
}
