/** Every lead the user may see, newest first, filtered by stage, a page at a time (GET /api/v1/leads). */
import { useState } from 'react';
import { query } from '../api';
import { Layout } from '../components/Layout';
import { LeadTable } from '../components/LeadTable';
import { Show } from '../components/states';
import { useResource } from '../data';
import { STAGE_LABELS } from '../format';
import type { InboxLead } from '../types';

export function LeadsList() {
  const [stage, setStage] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const list = useResource<{ leads: InboxLead[]; next_cursor: string | null }>(`/api/v1/leads${query({ stage, limit: 50, cursor })}`);
  return (
    <Layout title="Leads">
      <div className="pickers">
        <div className="field">
          <label htmlFor="stage">Stage</label>
          <select
            id="stage"
            value={stage}
            onChange={(e) => {
              setStage(e.target.value);
              setCursors([]);
            }}
          >
            <option value="">All stages</option>
            {Object.entries(STAGE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Show resource={list} what="leads">
        {(l) => (
          <>
            <LeadTable caption="Leads, newest first" atLabel="Created" leads={l.leads.map((x) => ({ ...x, score: x.score.total, at: x.created_at }))} />
            <p className="pager">
              {cursors.length > 0 && (
                <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                  ← Newer
                </button>
              )}{' '}
              {l.next_cursor && (
                <button type="button" onClick={() => setCursors([...cursors, l.next_cursor!])}>
                  Older →
                </button>
              )}
            </p>
          </>
        )}
      </Show>
    </Layout>
  );
}
