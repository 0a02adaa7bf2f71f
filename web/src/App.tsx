/**
 * The portal's frame: a skip link, the header with navigation for the signed-in user's roles,
 * and the page for the current path. Pages that need a login send the visitor to /login and
 * back; the public tracking page needs none.
 */
import { useEffect, type ReactNode } from 'react';
import { Link, matchPath, navigate, useLocation } from './router';
import { useSession } from './session';
import { roleLabel } from './labels';
import { LoginPage } from './pages/LoginPage';
import { DashboardPage } from './pages/DashboardPage';
import { AgreementListPage } from './pages/AgreementListPage';
import { NewAgreementPage } from './pages/NewAgreementPage';
import { AgreementDetailPage } from './pages/detail/AgreementDetailPage';
import { PublicTrackPage } from './pages/PublicTrackPage';
import { ReportsPage } from './pages/ReportsPage';
import { DelegationsPage } from './pages/DelegationsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { UserFormPage } from './pages/admin/UserFormPage';
import { UnitsPage } from './pages/admin/UnitsPage';
import { SlaPage } from './pages/admin/SlaPage';
import { CalendarPage } from './pages/admin/CalendarPage';
import { NotFoundPage } from './pages/NotFoundPage';

export function App() {
  const { pathname } = useLocation();
  const { user } = useSession();
  const page = route(pathname, Boolean(user));

  return (
    <>
      <a className="skip-link" href="#main">
        Lewati ke konten utama
      </a>
      <Header />
      <main id="main" className="container">
        {page}
      </main>
      <footer className="site-footer container">
        <p>Si Mbois Ker · Layanan kerja sama daerah secara daring. Waktu ditampilkan dalam WIB.</p>
      </footer>
    </>
  );
}

function route(pathname: string, signedIn: boolean): ReactNode {
  if (pathname === '/lacak') return <PublicTrackPage />;
  const track = matchPath('/lacak/:code', pathname);
  if (track) return <PublicTrackPage code={track.code} />;
  if (pathname === '/login') return <LoginPage />;
  if (!signedIn) return <RedirectToLogin />;

  if (pathname === '/') return <DashboardPage />;
  if (pathname === '/agreements') return <AgreementListPage />;
  if (pathname === '/agreements/new') return <NewAgreementPage />;
  const detail = matchPath('/agreements/:id', pathname);
  if (detail) return <AgreementDetailPage key={detail.id} id={detail.id} />;
  if (pathname === '/reports') return <ReportsPage />;
  if (pathname === '/delegations') return <DelegationsPage />;

  if (pathname === '/admin' || pathname === '/admin/') return <Redirect to="/admin/users" />;
  if (pathname === '/admin/users') return <UsersPage />;
  if (pathname === '/admin/users/new') return <UserFormPage key="new" />;
  const account = matchPath('/admin/users/:id', pathname);
  if (account) return <UserFormPage key={account.id} id={account.id} />;
  if (pathname === '/admin/units') return <UnitsPage />;
  if (pathname === '/admin/sla') return <SlaPage />;
  if (pathname === '/admin/calendar') return <CalendarPage />;

  return <NotFoundPage />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);

  return null;
}

function RedirectToLogin() {
  const { href } = useLocation();
  useEffect(() => {
    navigate(`/login?next=${encodeURIComponent(href)}`, { replace: true });
  }, [href]);

  return null;
}

/** `section`: the item stays current on the pages below it (the admin's sub-pages). */
const NAV: { to: string; label: string; roles?: string[]; section?: string }[] = [
  { to: '/', label: 'Beranda' },
  { to: '/agreements', label: 'Daftar kerja sama' },
  { to: '/agreements/new', label: 'Usulan baru', roles: ['initiator'] },
  { to: '/reports', label: 'Laporan' },
  { to: '/delegations', label: 'Pelimpahan' },
  { to: '/admin/users', label: 'Administrasi', roles: ['admin'], section: '/admin/' },
  { to: '/lacak', label: 'Lacak' },
];

function Header() {
  const { user, logout } = useSession();
  const { pathname } = useLocation();

  const signOut = async () => {
    await logout();
    navigate('/login');
  };

  return (
    <header className="site-header">
      <div className="container header-inner">
        <Link to={user ? '/' : '/lacak'} className="brand">
          <span className="brand-mark" aria-hidden="true">
            SMK
          </span>
          <span>
            Si Mbois Ker
            <span className="brand-sub">Kerja Sama Daerah</span>
          </span>
        </Link>
        <nav aria-label="Menu utama" className="main-nav">
          <ul>
            {(user ? NAV : NAV.filter((item) => item.to === '/lacak'))
              .filter((item) => !item.roles || item.roles.some((role) => user?.roles.includes(role as never)))
              .map((item) => (
                <li key={item.to}>
                  <Link
                    to={item.to}
                    aria-current={
                      pathname === item.to || (item.section && pathname.startsWith(item.section)) ? 'page' : undefined
                    }
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
            {!user ? (
              <li>
                <Link to="/login" aria-current={pathname === '/login' ? 'page' : undefined}>
                  Masuk
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
        {user ? (
          <div className="user-box">
            <span className="user-name">
              {user.name}
              <span className="user-role">
                {user.roles.map(roleLabel).join(', ')} · {user.unitCode}
              </span>
            </span>
            <button type="button" className="button secondary small" onClick={signOut}>
              Keluar
            </button>
          </div>
        ) : null}
      </div>
    </header>
  );
}
