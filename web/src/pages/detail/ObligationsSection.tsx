/** Obligations beside the process: reports due, reports to review, expiry alerts. */
import type { AgreementDetail } from '../../api/types';
import { shortDateTime } from '../../format';

export function ObligationsSection({ detail }: { detail: AgreementDetail }) {
  if (detail.obligations.length === 0) return null;

  return (
    <section className="card" aria-labelledby="obligations-heading">
      <h2 id="obligations-heading">Kewajiban</h2>
      <ul className="plain-list obligations">
        {detail.obligations.map((item) => (
          <li key={item.key} className={item.overdue ? 'overdue-text' : undefined}>
            <strong>{item.label}</strong>
            <span className="block small">
              Batas {shortDateTime(item.dueAt)}
              {item.doneAt ? ` · selesai ${shortDateTime(item.doneAt)}` : item.overdue ? ' · terlambat' : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
