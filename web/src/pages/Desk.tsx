/**
 * The manager's desk: the team's open leads with their countdowns and a reassign control,
 * breaches and escalations as they happen, and each rep's load, caps, availability and SLA
 * compliance. An admin sees every team.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, post, query } from '../api';
import { Countdown, PriorityBadge, ScoreBadge, StageBadge } from '../components/badges';
import { Layout } from '../components/Layout';
import { ShowAll, useFirstRows } from '../components/ShowMore';
import { Feedback, Show } from '../components/states';
import { useLiveLeads, useResource } from '../data';
import { CLOCK_LABELS, dateTime, percent, words } from '../format';
import { Link } from '../router';
import { useUser } from '../session';
import type { ClockWithLead, Escalation, InboxLead, Metrics, PolicyView, Rep } from '../types';
import { LiveDot, sortInbox } from './Inbox';

export function Desk() {
  const user = useUser();
  const manager = user.role === 'manager' ? user.manager : undefined;
  const policy = useResource<PolicyView>('/api/v1/policy');
  const leads = useResource<{ leads: InboxLead[] }>('/api/v1/inbox');
  const open = useResource<{ clocks: ClockWithLead[] }>(`/api/v1/clocks${query({ manager })}`);
  // The rest once the open leads are in: one database serves them all, so asking first for what
  // the page shows first gets it on screen sooner.
  const then = (path: string) => (leads.data || leads.error ? path : undefined);
  const breached = useResource<{ clocks: ClockWithLead[] }>(then(`/api/v1/clocks${query({ status: 'breached', manager })}`));
  const escalations = useResource<{ escalations: Escalation[] }>(then(`/api/v1/escalations${query({ manager })}`));
  const reps = useResource<{ reps: Rep[] }>(then('/api/v1/reps'));
  const metrics = useResource<Metrics>(reps.data || reps.error ? '/api/v1/metrics?by=rep' : undefined);
  const [announcement, setAnnouncement] = useState('');
  const breachCount = useRef<number | undefined>(undefined);

  const reloadAll = () => Promise.all([leads.reload(), open.reload(), breached.reload(), escalations.reload(), reps.reload()]);
  const { connected } = useLiveLeads(() => void reloadAll());

  const count = breached.data?.clocks.length;
  useEffect(() => {
    if (count === undefined) return;
    if (breachCount.current !== undefined && count > breachCount.current) setAnnouncement(`New SLA breach: ${count} on the team now.`);
    breachCount.current = count;
  }, [count]);

  const team = useMemo(() => {
    const all = policy.data?.reps ?? [];
    return manager ? all.filter((r) => r.manager === manager) : all;
  }, [policy.data, manager]);
  const names = useMemo(() => new Map((leads.data?.leads ?? []).map((l) => [l.id, l.name ?? l.email])), [leads.data]);
  const rows = useMemo(() => sortInbox(leads.data?.leads ?? [], open.data?.clocks ?? []), [leads.data, open.data]);
  const { shown, more, showAll } = useFirstRows(rows);

  return (
    <Layout title={manager ? 'Team desk' : 'Manager desk (all teams)'} actions={<LiveDot connected={connected} />}>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <div className="desk-grid">
        <section aria-labelledby="breaches-h" className="panel alert-panel">
          <h2 id="breaches-h">Breaches</h2>
          <Show resource={breached} what="breaches">
            {(b) =>
              b.clocks.length === 0 ? (
                <p className="muted">No breached SLA clocks. </p>
              ) : (
                <ul className="plain breach-list" data-testid="breaches">
                  {b.clocks.map((c) => (
                    <li key={`${c.lead.id}-${c.clock}`} className="breach">
                      <Link to={`/leads/${c.lead.id}`}>{c.lead.name ?? c.lead.email}</Link> — {CLOCK_LABELS[c.clock] ?? c.clock} breached {c.rep ? `by ${c.rep}` : ''}, due {dateTime(c.due_at)}
                    </li>
                  ))}
                </ul>
              )
            }
          </Show>
        </section>
        <section aria-labelledby="esc-h" className="panel">
          <h2 id="esc-h">Escalations</h2>
          <Show resource={escalations} what="escalations">
            {(e) =>
              e.escalations.length === 0 ? (
                <p className="muted">No escalations yet.</p>
              ) : (
                <ul className="plain">
                  {e.escalations.slice(0, 12).map((x) => (
                    <li key={`${x.lead_id}-${x.clock}-${x.step}-${x.occurred_at}`}>
                      {dateTime(x.occurred_at)}: <Link to={`/leads/${x.lead_id}`}>{names.get(x.lead_id) ?? 'a lead'}</Link> {x.rep ? `of ${x.rep}` : ''} — {CLOCK_LABELS[x.clock] ?? x.clock} at {x.at}: {x.actions.map(words).join(', ')}
                    </li>
                  ))}
                </ul>
              )
            }
          </Show>
        </section>
      </div>

      <section aria-labelledby="reps-h" className="panel">
        <h2 id="reps-h">Reps</h2>
        <Show resource={reps} what="reps">
          {(r) => <RepTable reps={r.reps.filter((rep) => !manager || rep.manager === manager)} metrics={metrics.data} onChanged={() => void reps.reload()} />}
        </Show>
      </section>

      <section aria-labelledby="open-h" className="panel">
        <h2 id="open-h">Open leads ({rows.length})</h2>
        <Show resource={leads} what="the team's leads">
          {() =>
            rows.length === 0 ? (
              <p className="muted">No open leads on the team.</p>
            ) : (
              <>
              <ul className="lead-list compact" aria-label="The team's open leads, most urgent first">
                {shown.map(({ lead, clock }) => (
                  <li key={lead.id} className="lead-card" data-lead-id={lead.id}>
                    <div className="lead-head">
                      <div>
                        <h3 className="lead-name">
                          <Link to={`/leads/${lead.id}`}>{lead.name ?? lead.email}</Link>
                        </h3>
                        <p className="muted">
                          {lead.company ?? lead.email} · owner <strong>{lead.owner}</strong>
                        </p>
                      </div>
                      <div className="badges">
                        <PriorityBadge priority={lead.priority} />
                        <StageBadge stage={lead.stage} />
                        <ScoreBadge total={lead.score.total} />
                        {clock && <Countdown clock={clock} />}
                      </div>
                    </div>
                    <ReassignForm lead={lead} team={team} onDone={() => void reloadAll()} />
                  </li>
                ))}
              </ul>
              <ShowAll more={more} total={rows.length} onClick={showAll} what="open leads" />
              </>
            )
          }
        </Show>
      </section>
    </Layout>
  );
}

function ReassignForm({ lead, team, onDone }: { lead: InboxLead; team: PolicyView['reps']; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const result = await post<{ owner: string | null }>(`/api/v1/leads/${lead.id}/actions`, { type: 'reassign', ...(to ? { to } : {}), reason });
      setDone(`Reassigned to ${result?.owner ?? 'the queue'}.`);
      setOpen(false);
      onDone();
    } catch (err) {
      const apiError = err as ApiError;
      setError(apiError.notAvailable ? 'Reassigning is not available on this server yet.' : apiError.message);
    }
  };
  return (
    <div>
      <button type="button" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen(!open)}>
        Reassign…
      </button>
      <div id={`${id}-form`}>
        {open && (
          <form className="inline-form" onSubmit={submit} aria-label={`Reassign ${lead.name ?? lead.email}`}>
            <div className="field">
              <label htmlFor={`${id}-to`}>To</label>
              <select id={`${id}-to`} autoFocus value={to} onChange={(e) => setTo(e.target.value)}>
                <option value="">Next in the pool</option>
                {team
                  .filter((r) => r.id !== lead.owner)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name} ({r.id})
                    </option>
                  ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-reason`}>Reason</label>
              <input id={`${id}-reason`} required value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
            </div>
            <button type="submit" className="primary" disabled={!reason.trim()}>
              Reassign lead
            </button>
          </form>
        )}
      </div>
      <Feedback error={error} done={done} />
    </div>
  );
}

function RepTable({ reps, metrics, onChanged }: { reps: Rep[]; metrics: Metrics | undefined; onChanged: () => void }) {
  const compliance = new Map((metrics?.breakdown ?? []).map((b) => [b.key, b.sla_compliance]));
  return (
    <table className="reps">
      <caption className="visually-hidden">Each rep's availability, load, caps and SLA compliance</caption>
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col">Available</th>
          <th scope="col" className="num">
            Open leads
          </th>
          <th scope="col" className="num">
            Today
          </th>
          <th scope="col" className="num">
            SLA compliance
          </th>
          <th scope="col">Caps</th>
        </tr>
      </thead>
      <tbody>
        {reps.map((rep) => (
          <RepRow key={rep.id} rep={rep} compliance={compliance.get(rep.id)?.value} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

function RepRow({ rep, compliance, onChanged }: { rep: Rep; compliance: number | null | undefined; onChanged: () => void }) {
  const [open, setOpen] = useState(rep.caps.open?.toString() ?? '');
  const [perDay, setPerDay] = useState(rep.caps.per_day?.toString() ?? '');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const id = useId();
  const patch = async (body: unknown, message: string) => {
    setError(undefined);
    try {
      await api('PATCH', `/api/v1/reps/${rep.id}`, body);
      setDone(message);
      onChanged();
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const cap = (v: string) => (v.trim() === '' ? null : Number(v));
  return (
    <tr data-rep={rep.id}>
      <td data-label="Rep">
        {rep.name} <span className="muted">({rep.id})</span>
        {rep.out_of_office_now && <span className="badge">out of office</span>}
      </td>
      <td data-label="Available">
        <span className={`status ${rep.away ? 'away' : 'ok'}`}>{rep.away ? 'Away' : 'Available'}</span>{' '}
        <button type="button" onClick={() => void patch({ away: !rep.away }, rep.away ? `${rep.name} is back.` : `${rep.name} is away.`)} aria-label={rep.away ? `Set ${rep.name} back` : `Set ${rep.name} away`}>
          {rep.away ? 'Set back' : 'Set away'}
        </button>
      </td>
      <td data-label="Open leads" className="num">
        {rep.open_leads}
        {rep.caps.open ? ` / ${rep.caps.open}` : ''}
      </td>
      <td data-label="Today" className="num">
        {rep.assigned_today}
        {rep.caps.per_day ? ` / ${rep.caps.per_day}` : ''}
      </td>
      <td data-label="SLA compliance" className="num">
        {percent(compliance)}
      </td>
      <td data-label="Caps">
        <form
          className="caps-form"
          onSubmit={(e) => {
            e.preventDefault();
            void patch({ caps: { open: cap(open), per_day: cap(perDay) } }, 'Caps saved.');
          }}
        >
          <label htmlFor={`${id}-open`}>Open</label>
          <input id={`${id}-open`} type="number" min={1} inputMode="numeric" value={open} onChange={(e) => setOpen(e.target.value)} placeholder="none" />
          <label htmlFor={`${id}-day`}>Per day</label>
          <input id={`${id}-day`} type="number" min={1} inputMode="numeric" value={perDay} onChange={(e) => setPerDay(e.target.value)} placeholder="none" />
          <button type="submit">Save caps</button>
        </form>
        <Feedback error={error} done={done} />
      </td>
    </tr>
  );
}
