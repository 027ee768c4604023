import { useState } from 'react';
import { commandRefusal, projectedState } from '../../../../shared/hub/commandRules.js';
import { COMMAND_TYPES, type CommandRequest, type CommandType } from '../../../../shared/hub/commands.js';
import type { AttemptSummary } from '../../../../shared/hub/proctor.js';
import { COMMAND_INFO, describeCommand } from '../lib/commands.js';
import { useMay, useRole } from '../lib/useMay.js';
import { useDash } from '../store/DashboardProvider.js';
import { CommandDialog } from './CommandDialog.js';

/**
 * One button per command valid in the attempt's state (with the commands still on their way
 * applied); each opens its confirmation dialog. The hub refuses the others with 409 too.
 */
export function CommandBar({ summary, failedChecks, pending = [] }: { summary: AttemptSummary; failedChecks: readonly string[]; pending?: ReadonlyArray<{ type: CommandType }> }) {
  const sendCommand = useDash((s) => s.sendCommand);
  const mayCommand = useMay('issueCommand');
  const role = useRole();
  const [open, setOpen] = useState<CommandType | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  if (!mayCommand) {
    return <p className="meta" data-testid="commands-not-for-role">Commands are for proctors and admins{role ? ` (you are signed in as a ${role})` : ''}.</p>;
  }
  if (summary.result) {
    return <p className="meta">The result has arrived: commands no longer reach this attempt.</p>;
  }

  const state = projectedState(summary.state, pending);
  const offered = COMMAND_TYPES.filter((type) => commandRefusal(type, state) === null);

  async function send(command: CommandRequest): Promise<string | null> {
    const error = await sendCommand(summary.attemptId, command);
    if (!error) setSent(`Sent: ${describeCommand(command)}. It reaches the laptop with its next heartbeat${summary.live ? ' (at once: the live channel is open)' : ''}.`);
    return error;
  }

  return (
    <div className="command-bar">
      <ul className="command-buttons" aria-label="Commands">
        {offered.map((type) => (
          <li key={type}>
            <button
              type="button"
              className={COMMAND_INFO[type].danger ? 'button button--danger-outline' : 'button'}
              onClick={() => {
                setSent(null);
                setOpen(type);
              }}
              data-testid={`command-${type}`}
              aria-haspopup="dialog"
            >
              {COMMAND_INFO[type].label}
            </button>
          </li>
        ))}
      </ul>
      {offered.length < COMMAND_TYPES.length ? (
        <p className="meta" data-testid="commands-unavailable">
          Not available while the attempt is {state}: {COMMAND_TYPES.filter((t) => !offered.includes(t)).map((t) => COMMAND_INFO[t].label).join(', ')}.
        </p>
      ) : null}
      <p role="status" className="command-sent" data-testid="command-sent">
        {sent ?? ''}
      </p>
      {open ? <CommandDialog type={open} candidateName={summary.candidate.name} failedChecks={failedChecks} onSend={send} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
