import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { Alert } from '../components/Alert';
import { TextField } from '../components/Field';
import { PageTitle } from '../components/PageTitle';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';

/** Login; afterwards back to the page that asked for it (only a path of this portal). */
export function LoginPage() {
  const { login, endedReason } = useSession();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Isi nama pengguna dan kata sandi.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      const next = search.get('next') ?? '/';
      navigate(next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/', {
        replace: true,
      });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Gagal masuk.');
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle subtitle="Untuk pegawai perangkat daerah, verifikator, TKKSD dan pimpinan.">Masuk</PageTitle>
      {endedReason ? <Alert tone="info">{endedReason}</Alert> : null}
      <form className="card" onSubmit={submit} noValidate aria-describedby="login-error">
        <Alert tone="error" id="login-error">
          {error}
        </Alert>
        <TextField
          id="username"
          label="Nama pengguna"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          id="password"
          label="Kata sandi"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Memproses…' : 'Masuk'}
        </button>
      </form>
      <p>
        Warga dan mitra dapat <Link to="/lacak">melacak usulan kerja sama</Link> dengan kode lacak tanpa masuk.
      </p>
    </div>
  );
}
