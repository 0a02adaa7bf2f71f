/**
 * Acting officials (Plt./Plh.): an office holder hands one of their roles to a colleague for a
 * period on a warrant (surat perintah); the admin may do it for any holder. Everyone sees the
 * delegations they give or receive (the admin sees all); the holder or the admin revokes one.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Delegation } from '../api/types';
import { Alert } from '../components/Alert';
import { CheckboxField, SelectField, TextField } from '../components/Field';
import { PageTitle } from '../components/PageTitle';
import { date, TIME_ZONE, todayLocal } from '../format';
import {
  DELEGATION_TITLE_LABELS,
  DELEGATION_TITLE_SHORT,
  labelOf,
  NOT_DELEGABLE_ROLES,
  ROLE_LABELS,
  roleLabel,
} from '../labels';
import { useSession } from '../session';
import { useApi } from '../useApi';
import { useFormErrors } from '../useFormErrors';
import type { FieldErrors } from '../validation';
import { addCalendarDays, localDateOf } from '../../../src/domain/calendar';
import { ROLES, type Role } from '../../../src/domain/glossary';

type Notice = { tone: 'success' | 'error'; text: string } | null;

export function DelegationsPage() {
  const { user, hasRole } = useSession();
  const [onlyInForce, setOnlyInForce] = useState(false);
  const list = useApi(
    () => api.get<{ items: Delegation[]; total: number }>('/api/delegations', { active: onlyInForce || undefined }),
    [onlyInForce],
  );
  const [notice, setNotice] = useState<Notice>(null);
  const admin = hasRole('admin');
  // The admin hands on anyone's roles; others only their own, and never oversight or administration.
  const delegable = admin
    ? ROLES.filter((role) => !NOT_DELEGABLE_ROLES.includes(role))
    : (user?.roles ?? []).filter((role) => !NOT_DELEGABLE_ROLES.includes(role));
  const changed = (text: string) => {
    setNotice({ tone: 'success', text });
    void list.reload();
  };

  return (
    <>
      <PageTitle subtitle="Pelaksana Tugas (Plt.) dan Pelaksana Harian (Plh.) bertindak atas nama pemegang jabatan.">
        Pelimpahan wewenang
      </PageTitle>
      <Alert tone={notice?.tone ?? 'info'}>{notice?.text}</Alert>
      {delegable.length > 0 ? (
        <NewDelegation
          admin={admin}
          roles={delegable}
          onCreated={(created) =>
            changed(
              `Peran ${roleLabel(created.role)} milik ${created.holderUsername} dilimpahkan kepada ` +
                `${created.toUsername} sebagai ${labelOf(DELEGATION_TITLE_SHORT, created.title)}`,
            )
          }
        />
      ) : (
        <p className="muted">Anda tidak memegang peran yang dapat dilimpahkan kepada orang lain.</p>
      )}

      <section className="card" aria-labelledby="delegation-list-heading">
        <h2 id="delegation-list-heading">{admin ? 'Semua pelimpahan' : 'Pelimpahan dari dan kepada Anda'}</h2>
        <CheckboxField
          id="delegation-in-force"
          label="Hanya yang sedang berlaku"
          checked={onlyInForce}
          onChange={(event) => setOnlyInForce(event.target.checked)}
        />
        {list.error ? <Alert tone="error">{list.error.message}</Alert> : null}
        {list.loading && !list.data ? <p className="muted">Memuat pelimpahan…</p> : null}
        {list.data && list.data.items.length === 0 ? <p className="muted">Belum ada pelimpahan.</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="responsive-table">
              <caption className="visually-hidden">Daftar pelimpahan wewenang</caption>
              <thead>
                <tr>
                  <th scope="col">Pemegang jabatan</th>
                  <th scope="col">Pelaksana</th>
                  <th scope="col">Peran</th>
                  <th scope="col">Surat perintah</th>
                  <th scope="col">Periode</th>
                  <th scope="col">Status</th>
                  <th scope="col">Tindakan</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((delegation) => (
                  <DelegationRow
                    key={delegation.id}
                    delegation={delegation}
                    mayRevoke={admin || delegation.holderUsername === user?.username}
                    onRevoked={() => changed(`Pelimpahan kepada ${delegation.toUsername} dicabut.`)}
                    onRefused={(text) => setNotice({ tone: 'error', text })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

interface Input {
  holderUsername: string;
  toUsername: string;
  role: Role;
  title: 'plt' | 'plh';
  warrantNumber: string;
  from: string;
  until: string;
}

function NewDelegation({
  admin,
  roles,
  onCreated,
}: {
  admin: boolean;
  roles: Role[];
  onCreated(delegation: Delegation): void;
}) {
  const today = todayLocal();
  const initial: Input = {
    holderUsername: '',
    toUsername: '',
    role: roles[0]!,
    title: 'plh',
    warrantNumber: '',
    from: today,
    until: addCalendarDays(today, 6),
  };
  const [input, setInput] = useState<Input>(initial);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();
  const set = <K extends keyof Input>(key: K, value: Input[K]) => setInput((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    form.clear();
    const missing: FieldErrors = {};
    if (!input.from) missing.from = 'Wajib diisi.';
    if (!input.until) missing.until = 'Wajib diisi.';
    if (admin && !input.holderUsername.trim()) missing.holderUsername = 'Wajib diisi.';
    if (Object.keys(missing).length > 0) return form.invalid(missing);

    const { holderUsername, ...rest } = input;
    const body = { ...rest, ...(admin ? { holderUsername: holderUsername.trim() } : {}) };
    setBusy(true);
    try {
      const created = await api.post<Delegation>('/api/delegations', body);
      setInput(initial);
      onCreated(created);
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="new-delegation-heading">
      <h2 id="new-delegation-heading">Buat pelimpahan</h2>
      <Alert tone="error">{form.problem}</Alert>
      <div className="grid-2">
        {admin ? (
          <TextField
            id="delegation-holderUsername"
            label="Pemegang jabatan (nama pengguna)"
            hint="Pejabat yang berhalangan atau jabatannya kosong."
            autoComplete="off"
            value={input.holderUsername}
            error={form.errors.holderUsername}
            onChange={(event) => set('holderUsername', event.target.value)}
          />
        ) : null}
        <TextField
          id="delegation-toUsername"
          label="Pelaksana (nama pengguna)"
          hint="Pegawai yang ditunjuk bertindak atas nama pemegang jabatan."
          autoComplete="off"
          value={input.toUsername}
          error={form.errors.toUsername}
          onChange={(event) => set('toUsername', event.target.value)}
        />
        <SelectField
          id="delegation-role"
          label="Peran yang dilimpahkan"
          value={input.role}
          error={form.errors.role}
          onChange={(event) => set('role', event.target.value as Role)}
          options={roles.map((role): [string, string] => [role, ROLE_LABELS[role]])}
        />
        <SelectField
          id="delegation-title"
          label="Sebutan"
          value={input.title}
          error={form.errors.title}
          onChange={(event) => set('title', event.target.value as Input['title'])}
          options={Object.entries(DELEGATION_TITLE_LABELS)}
        />
        <TextField
          id="delegation-warrantNumber"
          label="Nomor surat perintah"
          value={input.warrantNumber}
          error={form.errors.warrantNumber}
          onChange={(event) => set('warrantNumber', event.target.value)}
        />
        <TextField
          id="delegation-from"
          label="Berlaku mulai"
          type="date"
          value={input.from}
          error={form.errors.from}
          onChange={(event) => set('from', event.target.value)}
        />
        <TextField
          id="delegation-until"
          label="Berlaku sampai"
          type="date"
          hint="Sampai akhir hari itu (WIB), paling lama 366 hari."
          value={input.until}
          error={form.errors.until}
          onChange={(event) => set('until', event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Simpan pelimpahan'}
      </button>
    </form>
  );
}

function statusOf(delegation: Delegation): { tone: string; text: string } {
  if (delegation.revokedAt) return { tone: 'neutral', text: 'Dicabut' };
  if (delegation.inForce) return { tone: 'success', text: 'Berlaku' };
  if (Date.parse(delegation.from) > Date.now()) return { tone: 'info', text: 'Belum berlaku' };

  return { tone: 'neutral', text: 'Berakhir' };
}

/** The local dates a delegation covers: `until` is the first instant after its last day. */
function period(delegation: Delegation): string {
  const first = localDateOf(new Date(delegation.from), TIME_ZONE);
  const last = localDateOf(new Date(Date.parse(delegation.until) - 1), TIME_ZONE);

  return first === last ? date(first) : `${date(first)} – ${date(last)}`;
}

function DelegationRow({
  delegation,
  mayRevoke,
  onRevoked,
  onRefused,
}: {
  delegation: Delegation;
  mayRevoke: boolean;
  onRevoked(): void;
  onRefused(text: string): void;
}) {
  const [asking, setAsking] = useState(false);
  const status = statusOf(delegation);
  const open = !delegation.revokedAt && Date.parse(delegation.until) > Date.now();

  const revoke = async () => {
    try {
      await api.delete(`/api/delegations/${delegation.id}`);
      onRevoked();
    } catch (error) {
      onRefused((error as Error).message);
    } finally {
      setAsking(false);
    }
  };

  return (
    <tr>
      <td data-label="Pemegang jabatan">
        {delegation.holderUsername}
        <span className="muted block">{delegation.holderUnitCode}</span>
      </td>
      <td data-label="Pelaksana">
        {delegation.toUsername}
        <span className="muted block">{labelOf(DELEGATION_TITLE_LABELS, delegation.title)}</span>
      </td>
      <td data-label="Peran">{roleLabel(delegation.role)}</td>
      <td data-label="Surat perintah">{delegation.warrantNumber}</td>
      <td data-label="Periode">{period(delegation)}</td>
      <td data-label="Status">
        <span className={`badge badge-${status.tone}`}>{status.text}</span>
      </td>
      <td data-label="Tindakan">
        {mayRevoke && open ? (
          asking ? (
            <div className="actions compact">
              <button type="button" autoFocus className="button danger small" onClick={revoke}>
                Ya, cabut
              </button>
              <button type="button" className="button secondary small" onClick={() => setAsking(false)}>
                Batal
              </button>
            </div>
          ) : (
            <button type="button" className="button danger small" onClick={() => setAsking(true)}>
              Cabut<span className="visually-hidden"> pelimpahan kepada {delegation.toUsername}</span>
            </button>
          )
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}
