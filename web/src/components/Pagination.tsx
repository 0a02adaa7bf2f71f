/** Previous / next over a paged list, with "halaman 2 dari 5" for orientation. */
export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <nav className="pagination" aria-label="Halaman daftar">
      <button type="button" className="button secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Sebelumnya
      </button>
      <span aria-live="polite">
        Halaman {page} dari {pages} · {total.toLocaleString('id-ID')} kerja sama
      </span>
      <button type="button" className="button secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Berikutnya ›
      </button>
    </nav>
  );
}
