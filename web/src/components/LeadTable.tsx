/** A table of leads linking to their pages (lead lists and the leads behind a dashboard number). */
import { PriorityBadge, StageBadge } from './badges';
import { dateTime } from '../format';
import { Link } from '../router';

export interface LeadRow {
  id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  stage: string | null;
  owner: string | null;
  priority: string | null;
  score: number | null;
  at: string | null;
}

export function LeadTable({ leads, caption, atLabel = 'When' }: { leads: LeadRow[]; caption: string; atLabel?: string }) {
  return (
    <table className="leads-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Lead</th>
          <th scope="col">Company</th>
          <th scope="col">Stage</th>
          <th scope="col">Owner</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">{atLabel}</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((l) => (
          <tr key={l.id} data-lead-id={l.id}>
            <td data-label="Lead">
              <Link to={`/leads/${l.id}`}>{l.name ?? l.email ?? l.id}</Link> {l.priority === 'high' && <PriorityBadge priority="high" />}
            </td>
            <td data-label="Company">{l.company ?? '–'}</td>
            <td data-label="Stage">{l.stage ? <StageBadge stage={l.stage} /> : '–'}</td>
            <td data-label="Owner">{l.owner ?? '–'}</td>
            <td data-label="Score" className="num">
              {l.score ?? '–'}
            </td>
            <td data-label={atLabel}>{dateTime(l.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
