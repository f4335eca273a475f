/**
 * The rep's inbox: their open leads, hottest and most urgent first (priority, then the nearest SLA
 * deadline, then score), each with its countdown, the brief one click away and the actions for
 * its stage. New leads appear without reloading (server-sent events) and are announced.
 */
import { useMemo, useRef, useState } from 'react';
import { query } from '../api';
import { Countdown, PriorityBadge, ScoreBadge, StageBadge } from '../components/badges';
import { BriefView } from '../components/BriefView';
import { Layout } from '../components/Layout';
import { LeadActions } from '../components/LeadActions';
import { ShowAll, useFirstRows } from '../components/ShowMore';
import { ErrorView, Loading, Show } from '../components/states';
import { useLiveLeads, useResource } from '../data';
import { Link } from '../router';
import { useUser } from '../session';
import type { ClockWithLead, InboxLead, LeadView, PolicyView } from '../types';

export function Inbox() {
  const user = useUser();
  const policy = useResource<PolicyView>('/api/v1/policy');
  const inbox = useResource<{ leads: InboxLead[] }>(`/api/v1/inbox${query({ rep: user.rep })}`);
  // Running clocks, due or overdue (the countdown turns red past the deadline).
  const clocks = useResource<{ clocks: ClockWithLead[] }>(`/api/v1/clocks${query({ rep: user.rep })}`);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const known = useRef<Set<string>>(new Set());

  if (inbox.data && known.current.size === 0) for (const l of inbox.data.leads) known.current.add(l.id);

  const { connected } = useLiveLeads((ids) => {
    void Promise.all([inbox.reload(), clocks.reload()]);
    const arrived = ids.filter((id) => !known.current.has(id));
    if (arrived.length) {
      for (const id of arrived) known.current.add(id);
      setFresh((prev) => new Set([...prev, ...arrived]));
      setAnnouncement(arrived.length === 1 ? 'A new lead arrived in your inbox.' : `${arrived.length} new leads arrived in your inbox.`);
    }
  });

  const rows = useMemo(() => sortInbox(inbox.data?.leads ?? [], clocks.data?.clocks ?? []), [inbox.data, clocks.data]);
  const { shown, more, showAll } = useFirstRows(rows);

  return (
    <Layout title="My inbox" actions={<LiveDot connected={connected} />}>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {clocks.error && <ErrorView error={clocks.error} what="SLA clocks" />}
      <Show resource={inbox} what="your leads">
        {() =>
          rows.length === 0 ? (
            <p className="empty">No open leads. New ones appear here as soon as they are assigned to you.</p>
          ) : !policy.data ? (
            policy.error ? <ErrorView error={policy.error} what="the policy" /> : <Loading what="the policy" />
          ) : (
            <>
            <ul className="lead-list" aria-label="Open leads, most urgent first">
              {shown.map(({ lead, clock }) => (
                <InboxRow key={lead.id} lead={lead} clock={clock} policy={policy.data!} fresh={fresh.has(lead.id)} onChanged={() => void Promise.all([inbox.reload(), clocks.reload()])} />
              ))}
            </ul>
            <ShowAll more={more} total={rows.length} onClick={showAll} what="open leads" />
            </>
          )
        }
      </Show>
    </Layout>
  );
}

export function LiveDot({ connected }: { connected: boolean }) {
  return (
    <span className={`live ${connected ? 'on' : 'off'}`} role="status">
      {connected ? 'Live' : 'Reconnecting…'}
    </span>
  );
}

/** Leads with the nearest open clock of each, in inbox order. */
export function sortInbox(leads: InboxLead[], clocks: ClockWithLead[]) {
  const nearest = new Map<string, ClockWithLead>();
  for (const c of clocks) {
    const have = nearest.get(c.lead.id);
    if (!have || c.due_at < have.due_at) nearest.set(c.lead.id, c);
  }
  return leads
    .map((lead) => ({ lead, clock: nearest.get(lead.id) }))
    .sort((a, b) => {
      if (a.lead.priority !== b.lead.priority) return a.lead.priority === 'high' ? -1 : 1;
      const da = a.clock ? Date.parse(a.clock.due_at) : Infinity;
      const db = b.clock ? Date.parse(b.clock.due_at) : Infinity;
      if (da !== db) return da - db;
      return b.lead.score.total - a.lead.score.total;
    });
}

function InboxRow({ lead, clock, policy, fresh, onChanged }: { lead: InboxLead; clock: ClockWithLead | undefined; policy: PolicyView; fresh: boolean; onChanged: () => void }) {
  const [showBrief, setShowBrief] = useState(false);
  const name = lead.name ?? lead.email;
  return (
    <li className={`lead-card${fresh ? ' fresh' : ''}`} data-lead-id={lead.id}>
      <div className="lead-head">
        <div>
          <h2 className="lead-name">
            <Link to={`/leads/${lead.id}`}>{name}</Link>
            {fresh && <span className="badge new">New</span>}
          </h2>
          <p className="muted">{[lead.title, lead.company].filter(Boolean).join(' · ') || lead.email}</p>
        </div>
        <div className="badges">
          <PriorityBadge priority={lead.priority} />
          <StageBadge stage={lead.stage} />
          <ScoreBadge total={lead.score.total} title={`Fit ${lead.score.fit}, engagement ${lead.score.engagement}`} />
          {clock && <Countdown clock={clock} />}
        </div>
      </div>
      <button type="button" className="link-button" aria-expanded={showBrief} aria-controls={`brief-${lead.id}`} onClick={() => setShowBrief(!showBrief)}>
        {showBrief ? 'Hide brief' : 'Brief'}
      </button>
      <div id={`brief-${lead.id}`}>{showBrief && <LazyBrief id={lead.id} />}</div>
      <LeadActions lead={{ id: lead.id, stage: lead.stage, name }} policy={policy} onDone={onChanged} />
    </li>
  );
}

function LazyBrief({ id }: { id: string }) {
  const lead = useResource<LeadView>(`/api/v1/leads/${id}`);
  return <Show resource={lead} what="the brief">{(l) => (l.brief ? <BriefView brief={l.brief} /> : <p className="muted">No brief yet.</p>)}</Show>;
}
