/**
 * One lead: the brief, the score with each point's reason, the account match and why it went to
 * this rep, SLA clocks and their outcome, the full timeline (actor and policy version of each
 * event) and the actions for its stage. A lead the user may not see reads as not found.
 */
import { BriefView } from '../components/BriefView';
import { Countdown, PriorityBadge, ScoreBadge, StageBadge } from '../components/badges';
import { Layout } from '../components/Layout';
import { LeadActions } from '../components/LeadActions';
import { Show } from '../components/states';
import { useLiveLeads, useResource } from '../data';
import { describeEvent } from '../events';
import { CLOCK_LABELS, dateTime, duration, percent, words } from '../format';
import { useUser } from '../session';
import type { Clock, LeadView, PolicyView } from '../types';

export function LeadPage({ id }: { id: string }) {
  const user = useUser();
  const lead = useResource<LeadView>(`/api/v1/leads/${id}`);
  const clocks = useResource<{ clocks: Clock[] }>(`/api/v1/leads/${id}/clocks`);
  const policy = useResource<PolicyView>('/api/v1/policy');
  useLiveLeads((ids) => {
    if (ids.length === 0 || ids.includes(id)) void Promise.all([lead.reload(), clocks.reload()]);
  });

  if (lead.error?.status === 404 && !lead.error.notAvailable) {
    return (
      <Layout title="Lead not found">
        <p role="alert">There is no lead with this id that you can see{user.role === 'rep' ? ' (a rep sees only their own leads)' : ''}.</p>
      </Layout>
    );
  }
  const title = lead.data ? (lead.data.brief?.who.name ?? lead.data.email) : 'Lead';
  return (
    <Layout title={title}>
      <Show resource={lead} what="the lead">
        {(l) => (
          <div className="lead-page">
            <section aria-labelledby="summary-h" className="panel">
              <h2 id="summary-h" className="visually-hidden">
                Summary
              </h2>
              <div className="badges">
                <PriorityBadge priority={l.priority} />
                <StageBadge stage={l.stage} />
                <ScoreBadge total={l.score.total} />
                <span className="muted">Owner: {l.owner ?? (l.queue ? `queue ${l.queue}` : 'nobody')}</span>
              </div>
              {policy.data && (l.owner === user.rep || user.role !== 'rep') && (
                <LeadActions lead={{ id: l.id, stage: l.stage, name: l.brief?.who.name ?? null }} policy={policy.data} onDone={() => void Promise.all([lead.reload(), clocks.reload()])} />
              )}
            </section>

            <section aria-labelledby="clocks-h" className="panel">
              <h2 id="clocks-h">SLA clocks</h2>
              <Show resource={clocks} what="SLA clocks">
                {(c) => (c.clocks.length === 0 ? <p className="muted">No SLA clocks for this lead.</p> : <ClockTable clocks={c.clocks} />)}
              </Show>
            </section>

            {l.brief && (
              <section aria-labelledby="brief-h" className="panel">
                <h2 id="brief-h">Brief</h2>
                <BriefView brief={l.brief} />
              </section>
            )}

            <section aria-labelledby="score-h" className="panel">
              <h2 id="score-h">
                Score {l.score.total} <span className="muted">(fit {l.score.fit}, engagement {l.score.engagement})</span>
              </h2>
              <table>
                <caption className="visually-hidden">Each point of the score and its reason</caption>
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="num">
                      Points
                    </th>
                    <th scope="col">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {l.score.items.map((item) => (
                    <tr key={item.rule + item.reason}>
                      <td>{item.reason}</td>
                      <td>{item.kind}</td>
                      <td className={`num ${item.points < 0 ? 'negative' : ''}`}>{item.points > 0 ? `+${item.points}` : item.points}</td>
                      <td className="muted">
                        {[item.count ? `${item.count}×` : '', item.capped ? `capped at ${item.cap} (${item.capped})` : '', item.decayed ? 'decayed' : ''].filter(Boolean).join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>

            <section aria-labelledby="match-h" className="panel">
              <h2 id="match-h">Account and routing</h2>
              <dl className="facts">
                <dt>Account</dt>
                <dd>
                  {l.account
                    ? `${l.account.name}${l.account.is_customer ? ' (customer)' : ''}, matched by ${words(l.account.method)} with ${percent(l.account.confidence)} confidence${l.account.owner ? `, owner ${l.account.owner}` : ''}`
                    : 'No matching account'}
                </dd>
                <dt>Qualified</dt>
                <dd>{l.qualification ? `${l.qualification.reason} (${dateTime(l.qualification.at)})` : 'Not qualified yet'}</dd>
                <dt>Routed</dt>
                <dd>{l.assignment ? `${l.assignment.explanation} (${dateTime(l.assignment.at)})` : 'Not routed'}</dd>
              </dl>
            </section>

            <section aria-labelledby="timeline-h" className="panel">
              <h2 id="timeline-h">Timeline</h2>
              <table className="timeline">
                <caption className="visually-hidden">Every event of this lead, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col">Who</th>
                    <th scope="col">Policy</th>
                  </tr>
                </thead>
                <tbody>
                  {l.timeline.map((e) => (
                    <tr key={e.seq} data-event-type={e.type}>
                      <td data-label="When">{dateTime(e.occurred_at)}</td>
                      <td data-label="What">{describeEvent(e)}</td>
                      <td data-label="Who">{e.actor}</td>
                      <td data-label="Policy">v{e.policy_version}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        )}
      </Show>
    </Layout>
  );
}

function ClockTable({ clocks }: { clocks: Clock[] }) {
  return (
    <table>
      <caption className="visually-hidden">SLA clocks and their outcome</caption>
      <thead>
        <tr>
          <th scope="col">Clock</th>
          <th scope="col">Rep</th>
          <th scope="col">Status</th>
          <th scope="col">Due</th>
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        {clocks.map((c) => (
          <tr key={`${c.clock}-${c.started_at}`}>
            <td data-label="Clock">{CLOCK_LABELS[c.clock] ?? c.clock}</td>
            <td data-label="Rep">{c.rep ?? '–'}</td>
            <td data-label="Status">{c.status === 'open' ? <Countdown clock={c} /> : <span className={`status ${c.status}`}>{c.status}</span>}</td>
            <td data-label="Due">{dateTime(c.due_at)}</td>
            <td data-label="Took">{c.status === 'open' ? '–' : duration(c.business_ms ?? c.elapsed_ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
