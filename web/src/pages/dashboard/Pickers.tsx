/** The period (presets or dates) and breakdown pickers; the choice lives in the URL. */
import { useEffect, useState } from 'react';
import { query } from '../../api';
import { BREAKDOWNS, lastDays, PRESETS, type DashboardQuery } from '../../period';
import { navigate } from '../../router';

export function Pickers({ q }: { q: DashboardQuery }) {
  const [from, setFrom] = useState(q.from);
  const [to, setTo] = useState(q.to);
  useEffect(() => {
    setFrom(q.from);
    setTo(q.to);
  }, [q.from, q.to]);
  const go = (next: Partial<DashboardQuery>) => {
    const merged = { ...q, ...next };
    navigate(`/dashboard${query({ from: merged.from, to: merged.to, by: merged.by })}`, { replace: true });
  };
  const preset = PRESETS.find((p) => {
    const r = lastDays(p.days);
    return r.from === q.from && r.to === q.to;
  });
  return (
    <form
      className="pickers"
      aria-label="Period and breakdown"
      onSubmit={(e) => {
        e.preventDefault();
        go({ from, to });
      }}
    >
      <div className="field">
        <label htmlFor="preset">Period</label>
        <select id="preset" value={preset ? String(preset.days) : 'custom'} onChange={(e) => e.target.value !== 'custom' && go(lastDays(Number(e.target.value)))}>
          {PRESETS.map((p) => (
            <option key={p.days} value={p.days}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="from">From</label>
        <input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="to">To</label>
        <input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <button type="submit">Apply dates</button>
      <div className="field">
        <label htmlFor="by">Breakdown</label>
        <select id="by" value={q.by} onChange={(e) => go({ by: e.target.value })}>
          {BREAKDOWNS.map((b) => (
            <option key={b.value} value={b.value}>
              {b.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

/** A count that links to its leads; `data-figure` names the API field it shows. */
