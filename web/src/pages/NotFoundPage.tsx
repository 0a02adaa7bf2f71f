import { PageTitle } from '../components/PageTitle';
import { Link } from '../router';

export function NotFoundPage() {
  return (
    <>
      <PageTitle>Halaman tidak ditemukan</PageTitle>
      <p>
        Alamat ini tidak ada di portal. Kembali ke <Link to="/">beranda</Link>.
      </p>
    </>
  );
}
