import { useState } from 'react';
import { COMMAND_TYPES, type CommandRequest, type CommandType } from '../../../../shared/hub/commands.js';
import type { AttemptSummary } from '../../../../shared/hub/proctor.js';
import { COMMAND_INFO, describeCommand } from '../lib/commands.js';
import { useDash } from '../store/DashboardProvider.js';
import { CommandDialog } from './CommandDialog.js';

/** One button per command; each opens its confirmation dialog. */
export function CommandBar({ summary, failedChecks }: { summary: AttemptSummary; failedChecks: readonly string[] }) {
  const sendCommand = useDash((s) => s.sendCommand);
  const [open, setOpen] = useState<CommandType | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  if (summary.result) {
    return <p className="meta">The result has arrived: commands no longer reach this attempt.</p>;
  }

  async function send(command: CommandRequest): Promise<string | null> {
    const error = await sendCommand(summary.attemptId, command);
    if (!error) setSent(`Sent: ${describeCommand(command)}. It reaches the laptop with its next heartbeat${summary.live ? ' (at once: the live channel is open)' : ''}.`);
    return error;
  }

  return (
    <div className="command-bar">
      <ul className="command-buttons" aria-label="Commands">
        {COMMAND_TYPES.map((type) => (
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
      <p role="status" className="command-sent" data-testid="command-sent">
        {sent ?? ''}
      </p>
      {open ? <CommandDialog type={open} candidateName={summary.candidate.name} failedChecks={failedChecks} onSend={send} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
