/** Integration health: each channel's status, and (admins) failed and dead deliveries with a retry button. */
import { useState } from 'react';
import { ApiError, post } from '../api';
import { Layout } from '../components/Layout';
import { Feedback, Show } from '../components/states';
import { useResource } from '../data';
import { ago, dateTime, words } from '../format';
import { Link } from '../router';
import { useUser } from '../session';
import type { Channel, Delivery } from '../types';

export function Health() {
  const user = useUser();
  const health = useResource<{ status: string; channels: Channel[] }>('/api/v1/health/integrations');
  return (
    <Layout title="Integration health">
      <section aria-labelledby="channels-h" className="panel">
        <h2 id="channels-h">Channels</h2>
        <Show resource={health} what="channel status">
          {(h) => (
            <>
              <p>
                Overall: <strong className={`status ${h.status}`}>{h.status}</strong>
              </p>
              {h.channels.length === 0 ? (
                <p className="muted">No channels are configured in the policy's notifications section.</p>
              ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Failures in a row
                    </th>
                    <th scope="col">Last success</th>
                    <th scope="col">Last failure</th>
                  </tr>
                </thead>
                <tbody>
                  {h.channels.map((c) => (
                    <tr key={c.channel}>
                      <td data-label="Channel">{words(c.channel)}</td>
                      <td data-label="Status">
                        <span className={`status ${c.status}`}>{c.status}</span>
                      </td>
                      <td data-label="Failures" className="num">
                        {c.consecutive_failures}
                      </td>
                      <td data-label="Last success">{ago(c.last_success_at)}</td>
                      <td data-label="Last failure">
                        {ago(c.last_failure_at)}
                        {c.last_error ? <span className="muted"> — {c.last_error}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              )}
            </>
          )}
        </Show>
      </section>
      {user.role === 'admin' ? (
        <>
          <Deliveries status="dead" title="Dead deliveries (retries used up)" />
          <Deliveries status="failed" title="Failed deliveries (will retry)" />
        </>
      ) : (
        <p className="muted">Failed deliveries and retries are for admins.</p>
      )}
    </Layout>
  );
}

function Deliveries({ status, title }: { status: string; title: string }) {
  const list = useResource<{ deliveries: Delivery[] }>(`/api/v1/deliveries?status=${status}`);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const retry = async (d: Delivery) => {
    setError(undefined);
    try {
      await post(`/api/v1/deliveries/${d.id}/retry`);
      setDone(`Delivery to ${d.recipient} queued again.`);
      await list.reload();
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  return (
    <section aria-labelledby={`${status}-h`} className="panel">
      <h2 id={`${status}-h`}>{title}</h2>
      <Feedback error={error} done={done} />
      <Show resource={list} what={`${status} deliveries`}>
        {(l) =>
          l.deliveries.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Channel</th>
                  <th scope="col">To</th>
                  <th scope="col">Message</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Last error</th>
                  <th scope="col">
                    <span className="visually-hidden">Retry</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {l.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td data-label="When">{dateTime(d.created_at)}</td>
                    <td data-label="Channel">{d.channel}</td>
                    <td data-label="To">{d.recipient}</td>
                    <td data-label="Message">{d.lead_id ? <Link to={`/leads/${d.lead_id}`}>{words(d.message)}</Link> : words(d.message)}</td>
                    <td data-label="Attempts" className="num">
                      {d.attempts}
                    </td>
                    <td data-label="Last error">{d.last_error ?? '–'}</td>
                    <td>
                      <button type="button" onClick={() => void retry(d)} aria-label={`Retry the ${d.channel} delivery to ${d.recipient}`}>
                        Retry
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
