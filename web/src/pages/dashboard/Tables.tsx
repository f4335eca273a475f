/** The leak list and the breakdown table. */
import { ago, duration, percent, words } from '../../format';
import { leadsHref, type DashboardQuery } from '../../period';
import { Link } from '../../router';
import type { Metrics } from '../../types';
import { medianOf, Num } from './shared';

export function Leaks({ m, q }: { m: Metrics; q: DashboardQuery }) {
  const counts = (m as { leak_counts?: Record<string, number> }).leak_counts ?? {};
  return (
    <section aria-labelledby="leaks-h" className="panel">
      <h2 id="leaks-h">Leaks</h2>
      <p>
        {Object.entries(counts).map(([reason, n], i) => (
          <span key={reason}>
            {i > 0 && ' · '}
            {words(reason)}: <Num q={q} figure={`leak_counts.${reason}`} value={n} metric="leaks" bucket={reason} />
          </span>
        ))}
      </p>
      {m.leaks.length === 0 ? (
        <p className="muted">No leaks: every open MQL has an owner who has reached out.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Open leads waiting without an owner or a first touch, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Leak</th>
              <th scope="col">Waiting</th>
              <th scope="col">Owner</th>
            </tr>
          </thead>
          <tbody>
            {m.leaks.slice(0, 25).map((l) => (
              <tr key={l.lead_id}>
                <td data-label="Lead">
                  <Link to={`/leads/${l.lead_id}`}>{String(l.email ?? l.lead_id)}</Link>
                </td>
                <td data-label="Leak">{words(l.reason)}</td>
                <td data-label="Waiting">{ago(l.since)}</td>
                <td data-label="Owner">{String(l.owner ?? '–')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Breakdown({ m, q }: { m: Metrics; q: DashboardQuery }) {
  const rows = m.breakdown ?? [];
  if (!q.by) return null;
  return (
    <section aria-labelledby="breakdown-h" className="panel">
      <h2 id="breakdown-h">By {words(q.by)}</h2>
      {rows.length === 0 ? (
        <p className="muted">Nothing to break down in this period.</p>
      ) : (
        <table data-testid="breakdown">
          <thead>
            <tr>
              <th scope="col">{words(q.by)}</th>
              <th scope="col" className="num">
                Acceptance
              </th>
              <th scope="col" className="num">
                Response (median)
              </th>
              <th scope="col" className="num">
                SLA compliance
              </th>
              <th scope="col" className="num">
                MQL → opp.
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const extra = { by: q.by, key: row.key };
              return (
                <tr key={row.key}>
                  <td data-label={words(q.by)}>{row.label}</td>
                  <td data-label="Acceptance" className="num">
                    <Link to={leadsHref(q, { metric: 'acceptance_rate', bucket: 'decided', ...extra })}>{percent(row.acceptance_rate.value)}</Link>
                  </td>
                  <td data-label="Response" className="num">
                    <Link to={leadsHref(q, { metric: 'response_time', bucket: 'attempted', ...extra })}>{duration(medianOf({ response_time: row.response_time as Metrics['response_time'] }))}</Link>
                  </td>
                  <td data-label="SLA" className="num">
                    <Link to={leadsHref(q, { metric: 'sla_compliance', bucket: 'due', ...extra })}>{percent(row.sla_compliance.value)}</Link>
                  </td>
                  <td data-label="MQL → opp." className="num">
                    <Link to={leadsHref(q, { metric: 'mql_to_opportunity', bucket: 'opportunities', ...extra })}>{percent(row.mql_to_opportunity.value)}</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

