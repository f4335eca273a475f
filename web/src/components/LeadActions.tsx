/**
 * What a rep (or their manager) does with a lead, by stage: accept or reject it (a reason from
 * the policy is required), log a contact attempt, mark connected, book a meeting, move it to SQL
 * or opportunity, close it with a disposition. Each goes to POST /api/v1/leads/:id/actions; the
 * server checks the stage and says what is allowed when it refuses.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, post } from '../api';
import { words } from '../format';
import type { PolicyView } from '../types';
import { Feedback } from './states';

type Form = 'reject' | 'attempt' | 'connected' | 'meeting' | 'close' | undefined;

interface Props {
  lead: { id: string; stage: string; name?: string | null };
  policy: PolicyView;
  onDone: () => void;
}

export function LeadActions({ lead, policy, onDone }: Props) {
  const [open, setOpen] = useState<Form>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const id = useId();

  const act = async (body: Record<string, unknown>, message: string) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await post(`/api/v1/leads/${lead.id}/actions`, body);
      setDone(message);
      setOpen(undefined);
      onDone();
    } catch (e) {
      const err = e as ApiError;
      setError(err.notAvailable ? 'Rep actions are not available on this server yet.' : err.message + (err.details.length ? ` (${err.details.map((d) => d.message).join('; ')})` : ''));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (form: Form) => {
    setOpen(open === form ? undefined : form);
    setError(undefined);
  };

  const stage = lead.stage;
  const working = ['sal', 'sql', 'opportunity'].includes(stage);
  const subject = lead.name ?? 'this lead';

  return (
    <div className="actions" aria-label={`Actions for ${subject}`} role="group">
      <div className="action-buttons">
        {stage === 'mql' && (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => act({ type: 'accept' }, 'Accepted. The first-touch clock is running.')}>
              Accept
            </button>
            <ToggleButton form="reject" open={open} onToggle={toggle} controls={`${id}-form`}>
              Reject…
            </ToggleButton>
          </>
        )}
        {working && (
          <>
            <ToggleButton form="attempt" open={open} onToggle={toggle} controls={`${id}-form`}>
              Log attempt…
            </ToggleButton>
            <ToggleButton form="connected" open={open} onToggle={toggle} controls={`${id}-form`}>
              Connected…
            </ToggleButton>
            <ToggleButton form="meeting" open={open} onToggle={toggle} controls={`${id}-form`}>
              Meeting…
            </ToggleButton>
            {stage === 'sal' && (
              <button type="button" disabled={busy} onClick={() => act({ type: 'convert', to: 'sql' }, 'Marked sales-qualified (SQL).')}>
                Mark SQL
              </button>
            )}
            {stage !== 'opportunity' && (
              <button type="button" disabled={busy} onClick={() => act({ type: 'convert', to: 'opportunity' }, 'Opportunity created.')}>
                Opportunity
              </button>
            )}
            <ToggleButton form="close" open={open} onToggle={toggle} controls={`${id}-form`}>
              Close…
            </ToggleButton>
          </>
        )}
      </div>
      <div id={`${id}-form`}>
        {open === 'reject' && <RejectForm policy={policy} busy={busy} onSubmit={(reason, note) => act({ type: 'reject', reason, ...(note ? { note } : {}) }, `Rejected: ${words(reason)}.`)} />}
        {open === 'attempt' && (
          <AttemptForm policy={policy} busy={busy} onSubmit={(channel, outcome, note) => act({ type: 'attempt', channel, outcome, ...(note ? { note } : {}) }, `Attempt logged (${words(channel)}, ${words(outcome)}).`)} />
        )}
        {open === 'connected' && <ConnectedForm policy={policy} busy={busy} onSubmit={(channel) => act({ type: 'connected', channel }, 'Marked connected.')} />}
        {open === 'meeting' && (
          <MeetingForm busy={busy} onSubmit={(when) => act({ type: 'meeting', ...(when ? { scheduled_for: new Date(when).toISOString() } : {}) }, 'Meeting booked.')} />
        )}
        {open === 'close' && (
          <CloseForm policy={policy} busy={busy} onSubmit={(outcome, disposition) => act({ type: 'close', outcome, disposition }, `Closed as ${outcome} (${words(disposition)}).`)} />
        )}
      </div>
      <Feedback error={error} done={done} />
    </div>
  );
}

function ToggleButton({ form, open, onToggle, controls, children }: { form: Form; open: Form; onToggle: (f: Form) => void; controls: string; children: ReactNode }) {
  return (
    <button type="button" aria-expanded={open === form} aria-controls={controls} onClick={() => onToggle(form)}>
      {children}
    </button>
  );
}

function submitWith(handler: () => void) {
  return (e: FormEvent) => {
    e.preventDefault();
    handler();
  };
}

function Select({ label, value, onChange, options, required, placeholder, first }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; required?: boolean; placeholder?: string; first?: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {/* The first field of a form that just opened takes the focus, so the keyboard carries on there. */}
      <select id={id} value={value} required={required} autoFocus={first} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Note({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Note (optional)</label>
      <input id={id} type="text" value={value} maxLength={500} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function RejectForm({ policy, busy, onSubmit }: { policy: PolicyView; busy: boolean; onSubmit: (reason: string, note: string) => void }) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  return (
    <form className="inline-form" onSubmit={submitWith(() => onSubmit(reason, note))}>
      <Select first label="Reason" required value={reason} onChange={setReason} placeholder="Choose the policy's reason…" options={policy.reasons.reject.map((r) => ({ value: r.code, label: r.label }))} />
      <Note value={note} onChange={setNote} />
      <button type="submit" className="danger" disabled={busy || !reason}>
        Reject lead
      </button>
    </form>
  );
}

const channelOptions = (policy: PolicyView) => policy.contact.channels.map((c) => ({ value: c, label: words(c) }));

function AttemptForm({ policy, busy, onSubmit }: { policy: PolicyView; busy: boolean; onSubmit: (channel: string, outcome: string, note: string) => void }) {
  const [channel, setChannel] = useState(policy.contact.channels[0] ?? 'call');
  const [outcome, setOutcome] = useState(policy.contact.outcomes[0] ?? 'no_answer');
  const [note, setNote] = useState('');
  return (
    <form className="inline-form" onSubmit={submitWith(() => onSubmit(channel, outcome, note))}>
      <Select first label="Channel" value={channel} onChange={setChannel} options={channelOptions(policy)} />
      <Select label="Outcome" value={outcome} onChange={setOutcome} options={policy.contact.outcomes.map((o) => ({ value: o, label: words(o) }))} />
      <Note value={note} onChange={setNote} />
      <button type="submit" className="primary" disabled={busy}>
        Log attempt
      </button>
    </form>
  );
}

function ConnectedForm({ policy, busy, onSubmit }: { policy: PolicyView; busy: boolean; onSubmit: (channel: string) => void }) {
  const [channel, setChannel] = useState(policy.contact.channels[0] ?? 'call');
  return (
    <form className="inline-form" onSubmit={submitWith(() => onSubmit(channel))}>
      <Select first label="Channel" value={channel} onChange={setChannel} options={channelOptions(policy)} />
      <button type="submit" className="primary" disabled={busy}>
        Mark connected
      </button>
    </form>
  );
}

function MeetingForm({ busy, onSubmit }: { busy: boolean; onSubmit: (when: string) => void }) {
  const [when, setWhen] = useState('');
  const id = useId();
  return (
    <form className="inline-form" onSubmit={submitWith(() => onSubmit(when))}>
      <div className="field">
        <label htmlFor={id}>When (optional)</label>
        <input id={id} type="datetime-local" autoFocus value={when} onChange={(e) => setWhen(e.target.value)} />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Book meeting
      </button>
    </form>
  );
}

function CloseForm({ policy, busy, onSubmit }: { policy: PolicyView; busy: boolean; onSubmit: (outcome: string, disposition: string) => void }) {
  const [outcome, setOutcome] = useState('lost');
  const [disposition, setDisposition] = useState('');
  return (
    <form className="inline-form" onSubmit={submitWith(() => onSubmit(outcome, disposition))}>
      <Select first label="Outcome" value={outcome} onChange={setOutcome} options={[{ value: 'won', label: 'Won' }, { value: 'lost', label: 'Lost' }]} />
      <Select label="Disposition" required value={disposition} onChange={setDisposition} placeholder="Choose a disposition…" options={policy.reasons.disposition.map((r) => ({ value: r.code, label: r.label }))} />
      <button type="submit" className="primary" disabled={busy || !disposition}>
        Close lead
      </button>
    </form>
  );
}
