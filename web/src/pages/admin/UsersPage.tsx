/**
 * Admin: the user accounts, searchable by name or username and by status, with a link to each
 * account's form. The search lives in the address, as on the agreement list.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { AdminUser, Page } from '../../api/types';
import { Alert } from '../../components/Alert';
import { SelectField, TextField } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { takeFlash } from '../../flash';
import { roleLabel } from '../../labels';
import { Link, navigate, useLocation } from '../../router';
import { useApi } from '../../useApi';
import { AdminFrame } from './AdminFrame';

export function UsersPage() {
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const active = search.get('active') ?? '';
  const page = Number(search.get('page') ?? '1') || 1;
  const list = useApi(() => api.get<Page<AdminUser>>('/api/admin/users', { q, active, page }), [q, active, page]);
  const [flash] = useState(() => takeFlash());

  const apply = (next: { q: string; active: string }, nextPage = 1) => {
    const params = new URLSearchParams(Object.entries(next).filter(([, value]) => value !== ''));
    if (nextPage > 1) params.set('page', String(nextPage));
    navigate(`/admin/users${params.size ? `?${params}` : ''}`);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    apply({ q: String(data.get('user-q') ?? '').trim(), active: String(data.get('user-active') ?? '') });
  };

  return (
    <AdminFrame title="Pengguna" subtitle="Akun, peran dan unit kerja setiap pengguna portal.">
      <Alert tone={flash?.tone ?? 'info'}>{flash?.text}</Alert>
      <p className="actions">
        <Link to="/admin/users/new" className="button">
          Tambah pengguna
        </Link>
      </p>
      <form
        key={`${q}|${active}`}
        className="card filters"
        role="search"
        aria-label="Saring daftar pengguna"
        onSubmit={submit}
      >
        <div className="filter-grid">
          <TextField id="user-q" label="Cari pengguna" type="search" defaultValue={q} hint="Nama atau nama pengguna." />
          <SelectField
            id="user-active"
            label="Status"
            defaultValue={active}
            options={[
              ['', 'Semua'],
              ['true', 'Aktif'],
              ['false', 'Nonaktif'],
            ]}
          />
        </div>
        <button type="submit" className="button secondary">
          Terapkan
        </button>
      </form>
      {list.error ? <Alert tone="error">{list.error.message}</Alert> : null}
      {list.loading && !list.data ? <p className="muted">Memuat pengguna…</p> : null}
      {list.data ? (
        <>
          {list.data.items.length === 0 ? (
            <p className="muted">Tidak ada pengguna yang cocok.</p>
          ) : (
            <div className="table-wrap">
              <table className="responsive-table">
                <caption className="visually-hidden">Daftar pengguna</caption>
                <thead>
                  <tr>
                    <th scope="col">Nama pengguna</th>
                    <th scope="col">Nama</th>
                    <th scope="col">Peran</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((user) => (
                    <tr key={user.id}>
                      <td data-label="Nama pengguna">
                        <Link to={`/admin/users/${user.id}`}>{user.username}</Link>
                      </td>
                      <td data-label="Nama">
                        {user.name}
                        <span className="muted block">{user.email}</span>
                      </td>
                      <td data-label="Peran">{user.roles.map(roleLabel).join(', ')}</td>
                      <td data-label="Unit">{user.unitCode}</td>
                      <td data-label="Status">
                        {user.active ? (
                          <span className="badge badge-success">Aktif</span>
                        ) : (
                          <span className="badge badge-neutral">Nonaktif</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination
            page={list.data.page}
            pageSize={list.data.pageSize}
            total={list.data.total}
            noun="pengguna"
            onPage={(next) => apply({ q, active }, next)}
          />
        </>
      ) : null}
    </AdminFrame>
  );
}
