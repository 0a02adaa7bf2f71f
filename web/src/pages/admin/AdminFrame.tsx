/**
 * The frame of the administration pages: the page title, the admin's own menu and a plain
 * refusal for anyone else (the API refuses them too; this only spares them a page of errors).
 */
import type { ReactNode } from 'react';
import { Alert } from '../../components/Alert';
import { PageTitle } from '../../components/PageTitle';
import { Link, useLocation } from '../../router';
import { useSession } from '../../session';

const ADMIN_NAV: [to: string, label: string][] = [
  ['/admin/users', 'Pengguna'],
  ['/admin/units', 'Unit kerja'],
  ['/admin/sla', 'Batas waktu tahap'],
  ['/admin/calendar', 'Kalender hari kerja'],
];

export function AdminFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { hasRole } = useSession();
  const { pathname } = useLocation();

  if (!hasRole('admin')) {
    return (
      <>
        <PageTitle>{title}</PageTitle>
        <Alert tone="warning">Halaman ini hanya untuk administrator sistem.</Alert>
      </>
    );
  }

  return (
    <>
      <PageTitle subtitle={subtitle}>{title}</PageTitle>
      <nav aria-label="Menu administrasi" className="sub-nav">
        <ul>
          {ADMIN_NAV.map(([to, label]) => (
            <li key={to}>
              <Link to={to} aria-current={pathname === to || pathname.startsWith(`${to}/`) ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </>
  );
}
