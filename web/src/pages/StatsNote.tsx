import type { Stats } from '../api/stats';

/** Says where the numbers come from when they are not the server's own summary. */
export function StatsNote({ stats }: { stats: Stats }) {
  if (stats.source === 'summary') return null;

  return (
    <p className="muted small">
      Dihitung dari daftar kerja sama yang dapat Anda lihat
      {stats.partial ? ` (${number(stats.partial.counted)} terbaru dari ${number(stats.partial.total)}).` : '.'}
    </p>
  );
}

const number = (value: number) => value.toLocaleString('id-ID');
