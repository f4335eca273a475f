/**
 * The running policy: what it promises (SLA, targets, reasons, people), the SLA document both
 * teams sign (rendered by the server from the same policy), the YAML source, and the version
 * history with the difference between each version and the one before.
 */
import { useState } from 'react';
import { Layout } from '../components/Layout';
import { Show } from '../components/states';
import { useResource } from '../data';
import { dateTime, targetText, words } from '../format';
import type { PolicyView } from '../types';

interface Version {
  version: number;
  hash: string;
  file?: string;
  published_at?: string;
  [key: string]: unknown;
}

export function PolicyPage() {
  const policy = useResource<PolicyView>('/api/v1/policy');
  const doc = useResource<string | { html?: string }>('/api/v1/policy/doc?format=html');
  const versions = useResource<{ versions: Version[] }>('/api/v1/policy/versions');
  return (
    <Layout title="Policy">
      <Show resource={policy} what="the running policy">
        {(p) => (
          <>
            <section aria-labelledby="running-h" className="panel">
              <h2 id="running-h">
                {p.name}: version {p.version}
              </h2>
              <p className="muted">
                {p.file} · hash <code>{p.hash.slice(0, 12)}</code>
              </p>
              <div className="two-col">
                <div>
                  <h3>SLA</h3>
                  <dl className="facts">
                    <dt>Route</dt>
                    <dd>within {p.sla.route}</dd>
                    <dt>Accept or reject</dt>
                    <dd>within {p.sla.accept_or_reject}</dd>
                    <dt>First touch</dt>
                    <dd>
                      {p.sla.first_touch.high_intent} (high intent), {p.sla.first_touch.standard} (standard)
                    </dd>
                    <dt>Attempts before recycle</dt>
                    <dd>{p.sla.attempts_before_recycle}</dd>
                    <dt>Calendar</dt>
                    <dd>{p.sla.calendar}</dd>
                  </dl>
                  <h3>Targets</h3>
                  <dl className="facts">
                    <dt>Acceptance rate</dt>
                    <dd>{targetText(p.targets.acceptance_rate)}</dd>
                    <dt>Response time</dt>
                    <dd>{p.targets.response_time ? `≤ ${p.targets.response_time}` : 'no target'}</dd>
                    <dt>SLA compliance</dt>
                    <dd>{targetText(p.targets.sla_compliance)}</dd>
                    <dt>MQL → opportunity</dt>
                    <dd>{targetText(p.targets.mql_to_opportunity)}</dd>
                  </dl>
                </div>
                <div>
                  <h3>Reject reasons</h3>
                  <ul className="plain">
                    {p.reasons.reject.map((r) => (
                      <li key={r.code}>
                        <code>{r.code}</code> — {r.label}
                        {r.to ? ` (to ${r.to})` : ''}
                      </li>
                    ))}
                  </ul>
                  <h3>Escalation</h3>
                  <ul className="plain">
                    {p.escalation.map((e, i) => (
                      <li key={i}>
                        at {e.at}: {e.do.map(words).join(', ')}
                      </li>
                    ))}
                  </ul>
                  <h3>People</h3>
                  <ul className="plain">
                    {p.managers.map((m) => (
                      <li key={m.id}>
                        <strong>{m.name}</strong> ({m.id}): {p.reps.filter((r) => r.manager === m.id).map((r) => r.name).join(', ') || 'no reps'}
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </section>
          </>
        )}
      </Show>

      <section aria-labelledby="doc-h" className="panel">
        <h2 id="doc-h">SLA document</h2>
        <Show resource={doc} what="the SLA document">
          {(d) => <iframe className="doc-frame" title="The SLA document" sandbox="" srcDoc={typeof d === 'string' ? d : (d.html ?? '')} />}
        </Show>
      </section>

      <section aria-labelledby="versions-h" className="panel">
        <h2 id="versions-h">Version history</h2>
        <Show resource={versions} what="the version history">
          {(v) => <VersionList versions={v.versions} />}
        </Show>
      </section>

      <Show resource={policy} what="the policy source">
        {(p) =>
          p.source ? (
            <details className="panel">
              <summary>Policy source (YAML)</summary>
              <pre className="source">{p.source}</pre>
            </details>
          ) : null
        }
      </Show>
    </Layout>
  );
}

function VersionList({ versions }: { versions: Version[] }) {
  const [open, setOpen] = useState<number>();
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  return (
    <ul className="plain versions">
      {sorted.map((v, i) => {
        const previous = sorted[i + 1];
        return (
          <li key={v.version}>
            <strong>Version {v.version}</strong> <span className="muted">{dateTime(v.published_at)} · {v.file} · <code>{v.hash.slice(0, 12)}</code></span>{' '}
            {previous && (
              <button type="button" className="link-button" aria-expanded={open === v.version} onClick={() => setOpen(open === v.version ? undefined : v.version)}>
                {open === v.version ? 'Hide changes' : `Changes from version ${previous.version}`}
              </button>
            )}
            {open === v.version && previous && <VersionDiff version={v.version} from={previous.version} />}
          </li>
        );
      })}
    </ul>
  );
}

type DiffAnswer = { diff?: string | { op?: string; type?: string; text?: string; line?: string; value?: string }[]; [key: string]: unknown };

function VersionDiff({ version, from }: { version: number; from: number }) {
  const diff = useResource<DiffAnswer>(`/api/v1/policy/versions/${version}?diff_from=${from}`);
  return <Show resource={diff} what="the changes">{(d) => <DiffLines answer={d} />}</Show>;
}

/** A unified diff (text) or a list of {op, text} lines; + added, - removed. */
function DiffLines({ answer }: { answer: DiffAnswer }) {
  const raw = answer.diff;
  const lines =
    typeof raw === 'string'
      ? raw.split('\n').map((text) => ({ kind: text.startsWith('+') ? 'add' : text.startsWith('-') ? 'del' : 'same', text }))
      : (raw ?? []).map((l) => {
          const op = l.op ?? l.type ?? '';
          const text = l.text ?? l.line ?? l.value ?? '';
          const kind = /add|insert|\+/.test(op) ? 'add' : /del|remove|-/.test(op) ? 'del' : 'same';
          return { kind, text: `${kind === 'add' ? '+' : kind === 'del' ? '-' : ' '} ${text}` };
        });
  if (lines.length === 0) return <pre className="diff">{JSON.stringify(answer, null, 2)}</pre>;
  return (
    <pre className="diff" aria-label="Changes: lines starting with + were added, with - removed">
      {lines.map((l, i) => (
        <span key={i} className={`diff-${l.kind}`}>
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
