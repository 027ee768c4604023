import { useId, useRef, useState, type FormEvent } from 'react';
import type { CommandRequest, CommandType } from '../../../../shared/hub/commands.js';
import { Modal } from '../../components/Modal.js';
import { buildCommand, COMMAND_INFO, EMPTY_FORM, OVERRIDABLE_CHECKS, type CommandForm } from '../lib/commands.js';

export interface CommandDialogProps {
  type: CommandType;
  candidateName: string;
  /** Checks the journal shows as failed, ticked to start with (override-preflight). */
  failedChecks?: readonly string[];
  /** Sends the command; resolves with an error message or null when the hub accepted it. */
  onSend(command: CommandRequest): Promise<string | null>;
  onClose(): void;
}

/** The confirmation step of every command, with the input it needs (minutes, reason, message, checks). */
export function CommandDialog({ type, candidateName, failedChecks = [], onSend, onClose }: CommandDialogProps) {
  const info = COMMAND_INFO[type];
  const ids = useId();
  const titleId = `${ids}-title`;
  const effectId = `${ids}-effect`;
  const errorId = `${ids}-error`;
  const [form, setForm] = useState<CommandForm>(() => ({ ...EMPTY_FORM, checks: OVERRIDABLE_CHECKS.filter((c) => failedChecks.includes(c.id)).map((c) => c.id) }));
  const [problem, setProblem] = useState<{ field: keyof CommandForm | 'send'; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Only what failed for this candidate can be waived: the journal's pre-flight entries say which.
  const waivable = OVERRIDABLE_CHECKS.filter((c) => failedChecks.includes(c.id));
  const nothingToSend = type === 'override-preflight' && waivable.length === 0;
  const hasInput = type === 'add-time' || type === 'pause' || type === 'lock' || type === 'message' || type === 'override-preflight';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const built = buildCommand(type, form);
    if (!built.ok) {
      setProblem({ field: built.field, message: built.message });
      return;
    }
    setBusy(true);
    setProblem(null);
    const error = await onSend(built.command);
    setBusy(false);
    if (error) setProblem({ field: 'send', message: `Not sent: ${error}` });
    else onClose();
  }

  const invalid = (field: keyof CommandForm) => (problem?.field === field ? true : undefined);
  const confirmLabel = type === 'add-time' && Number(form.minutes) > 0 ? `Add ${Number(form.minutes)} minute${Number(form.minutes) === 1 ? '' : 's'}` : info.label;

  return (
    <Modal
      labelledBy={titleId}
      describedBy={effectId}
      onCancel={busy ? undefined : onClose}
      role={info.danger ? 'alertdialog' : 'dialog'}
      initialFocus={hasInput && !info.danger ? undefined : cancelRef}
      testId="command-dialog"
    >
      <form onSubmit={(e) => void submit(e)} noValidate className="command-form" data-command={type}>
        <h2 id={titleId}>
          {info.label}: {candidateName}
        </h2>
        <p id={effectId}>{info.effect}</p>
        {type === 'add-time' ? (
          <div className="field">
            <label className="field-label" htmlFor={`${ids}-minutes`}>
              Minutes to add
            </label>
            <input
              id={`${ids}-minutes`}
              className="input input--numeric"
              type="number"
              inputMode="decimal"
              min={1}
              max={1440}
              step="any"
              value={form.minutes}
              onChange={(e) => setForm({ ...form, minutes: e.target.value })}
              aria-invalid={invalid('minutes')}
              aria-describedby={errorId}
            />
          </div>
        ) : null}
        {type === 'pause' ? (
          <div className="field">
            <label className="field-label" htmlFor={`${ids}-reason`}>
              Reason shown to the candidate <span className="meta">(optional)</span>
            </label>
            <textarea id={`${ids}-reason`} className="input" rows={2} maxLength={500} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} aria-invalid={invalid('reason')} aria-describedby={errorId} />
          </div>
        ) : null}
        {type === 'lock' ? (
          <div className="field">
            <label className="field-label" htmlFor={`${ids}-message`}>
              Message on the lock screen <span className="meta">(optional)</span>
            </label>
            <textarea id={`${ids}-message`} className="input" rows={3} maxLength={1000} value={form.message} onChange={(e) => setForm({ ...form, message: e.target.value })} aria-invalid={invalid('message')} aria-describedby={errorId} />
          </div>
        ) : null}
        {type === 'message' ? (
          <div className="field">
            <label className="field-label" htmlFor={`${ids}-text`}>
              Message
            </label>
            <textarea id={`${ids}-text`} className="input" rows={3} maxLength={2000} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} aria-invalid={invalid('text')} aria-describedby={errorId} />
          </div>
        ) : null}
        {type === 'override-preflight' && waivable.length === 0 ? (
          <p data-testid="no-failed-checks">No pre-flight check has failed for {candidateName}: there is nothing to waive.</p>
        ) : null}
        {type === 'override-preflight' && waivable.length > 0 ? (
          <fieldset className="choices" aria-describedby={errorId}>
            <legend className="choices-legend">Checks to waive</legend>
            {waivable.map((check) => (
              <label key={check.id} className="choice">
                <input
                  type="checkbox"
                  checked={form.checks.includes(check.id)}
                  onChange={(e) => setForm({ ...form, checks: e.target.checked ? [...form.checks, check.id] : form.checks.filter((c) => c !== check.id) })}
                />
                <span>
                  {check.title} <code>{check.id}</code>
                  <span className="meta"> (failed on this laptop)</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <p id={errorId} className="field-error" role="alert" data-testid="command-error">
          {problem?.message ?? ''}
        </p>
        <div className="actions">
          <button ref={cancelRef} type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          {nothingToSend ? null : (
            <button type="submit" className={info.danger ? 'button button--danger' : 'button button--primary'} aria-disabled={busy || undefined} data-testid="command-confirm">
              {busy ? 'Sending…' : confirmLabel}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
