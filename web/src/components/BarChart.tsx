/**
 * A horizontal bar chart drawn with CSS: each bar's width is set through the DOM style object
 * (allowed under the portal's CSP), and the numbers are plain text, so the chart reads as a
 * list to a screen reader.
 */
export interface Bar {
  key: string;
  label: string;
  value: number;
}

export function BarChart({ title, bars, empty = 'Belum ada data.' }: { title: string; bars: Bar[]; empty?: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const shown = bars.filter((bar) => bar.value > 0);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {shown.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="bars">
          {shown.map((bar) => (
            <li key={bar.key} className="bar-row">
              <span className="bar-label">{bar.label}</span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${(bar.value / max) * 100}%` }} />
              </span>
              <span className="bar-value">{bar.value.toLocaleString('id-ID')}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
