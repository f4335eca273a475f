/** The leads behind a dashboard number: GET /api/v1/metrics/leads with the number's metric, bucket, period and key. */
import { query } from '../api';
import { Layout } from '../components/Layout';
import { LeadTable } from '../components/LeadTable';
import { Show } from '../components/states';
import { useResource } from '../data';
import { words } from '../format';
import { Link, useLocation } from '../router';

interface Listed {
  id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  stage: string | null;
  owner: string | null;
  priority: string | null;
  total_score: number | null;
  at: string;
}

const PAGE = 100;

export default function MetricLeads() {
  const { search } = useLocation();
  const params = Object.fromEntries(search.entries());
  const offset = Number(params.offset ?? 0);
  const list = useResource<{ total: number; leads: Listed[] }>(`/api/v1/metrics/leads${query({ ...params, limit: PAGE, offset })}`);
  const back = `/dashboard${query({ from: params.from, to: params.to })}`;
  const title = `${words(params.metric)}: ${words(params.bucket)}${params.key ? ` (${words(params.by)} ${params.key})` : ''}${params.reason ? ` — ${words(params.reason)}` : ''}`;
  const page = (to: number) => `/dashboard/leads${query({ ...params, offset: to || undefined })}`;
  return (
    <Layout title={title}>
      <p>
        <Link to={back}>← Back to the dashboard</Link> · {params.from} to {params.to}
      </p>
      <Show resource={list} what="the leads">
        {(l) => (
          <>
            <p role="status">
              <strong data-testid="total">{l.total.toLocaleString()}</strong> leads{l.total > PAGE ? `, ${offset + 1}–${Math.min(offset + PAGE, l.total)} shown` : ''}.
            </p>
            <LeadTable caption={title} leads={l.leads.map((x) => ({ ...x, score: x.total_score }))} />
            <p className="pager">
              {offset > 0 && <Link to={page(Math.max(0, offset - PAGE))}>← Previous</Link>} {offset + PAGE < l.total && <Link to={page(offset + PAGE)}>Next →</Link>}
            </p>
          </>
        )}
      </Show>
    </Layout>
  );
}
