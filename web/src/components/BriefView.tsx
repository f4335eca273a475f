/** The lead brief: who, what they told us and did, why they scored, why this rep, the account. */
import { words } from '../format';
import type { Brief } from '../types';

export function BriefView({ brief }: { brief: Brief }) {
  const who = brief.who;
  return (
    <div className="brief">
      <p className="headline">{brief.headline}</p>
      <dl className="facts">
        <dt>E-mail</dt>
        <dd>
          <a href={`mailto:${who.email}`}>{who.email}</a>
        </dd>
        {who.phone && (
          <>
            <dt>Phone</dt>
            <dd>
              <a href={`tel:${who.phone}`}>{who.phone}</a>
            </dd>
          </>
        )}
        {who.company && (
          <>
            <dt>Company</dt>
            <dd>
              {who.company}
              {who.company_size ? ` · ${who.company_size.toLocaleString()} people` : ''}
              {who.industry ? ` · ${words(who.industry)}` : ''}
            </dd>
          </>
        )}
        {who.location && (
          <>
            <dt>Location</dt>
            <dd>{who.location}</dd>
          </>
        )}
        <dt>Priority</dt>
        <dd>
          {brief.priority === 'high' ? 'High' : 'Normal'} — {brief.priority_reason}
        </dd>
        <dt>Why you</dt>
        <dd>{brief.why_you}</dd>
        {brief.account && (
          <>
            <dt>Account</dt>
            <dd>
              {brief.account.name}
              {brief.account.is_customer ? ' (customer)' : ''} — matched by {brief.account.match}
              {brief.account.owner ? `, owner ${brief.account.owner}` : ''}
            </dd>
          </>
        )}
      </dl>
      {brief.told_us.length > 0 && (
        <>
          <h4>They told us</h4>
          <ul className="plain">
            {brief.told_us.map((t) => (
              <li key={t.question}>
                <strong>{words(t.question)}:</strong> {t.answer}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>What they did</h4>
      <p>{brief.did.summary}</p>
      <h4>Score {brief.score.total}</h4>
      <p>
        Fit {brief.score.fit}, engagement {brief.score.engagement}
        {brief.score.drivers.length ? ` — ${brief.score.drivers.join(', ')}` : ''}
      </p>
    </div>
  );
}
