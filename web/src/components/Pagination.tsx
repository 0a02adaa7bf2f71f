/**
 * Previous / next over a paged list, with "halaman 2 dari 5" for orientation. A search with
 * very many matches is counted only up to a limit (`totalCapped`): then the last page is not
 * known, and "next" stays on while the server has a next page.
 */
export function Pagination({
  page,
  pageSize,
  total,
  totalCapped = false,
  hasNext,
  noun = 'kerja sama',
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  totalCapped?: boolean;
  /** Whether the server has a page after this one (its `nextCursor`); else worked out from total. */
  hasNext?: boolean;
  /** What the list counts ("kerja sama", "pengguna"). */
  noun?: string;
  onPage(page: number): void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const count = total.toLocaleString('id-ID');
  const last = totalCapped ? hasNext === false : page >= pages;
  const where = totalCapped ? `Halaman ${page} · lebih dari ${count}` : `Halaman ${page} dari ${pages} · ${count}`;

  return (
    <nav className="pagination" aria-label="Halaman daftar">
      <button type="button" className="button secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Sebelumnya
      </button>
      <span aria-live="polite">{where} {noun}</span>
      <button type="button" className="button secondary" disabled={last} onClick={() => onPage(page + 1)}>
        Berikutnya ›
      </button>
    </nav>
  );
}
