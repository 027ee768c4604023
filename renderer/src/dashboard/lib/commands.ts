import { LOCK_CLOCK_RULE } from '../../../../shared/lockClock.js';
import { commandRequestSchema, type CommandRequest, type CommandType, type HubCommand } from '../../../../shared/hub/commands.js';

/**
 * The proctor's commands as the dashboard offers them: a button label, what the confirmation says,
 * and the form each needs. The form values become the request body here, checked against the
 * shared schema before anything is sent.
 */
export interface CommandInfo {
  label: string;
  /** One sentence: what happens on the candidate's laptop. */
  effect: string;
  /** Commands that end or override something get the danger style and a stronger confirmation. */
  danger?: boolean;
}

export const COMMAND_INFO: Readonly<Record<CommandType, CommandInfo>> = {
  'add-time': { label: 'Add time', effect: 'Extends this attempt’s time; the candidate’s timer grows at once.' },
  pause: { label: 'Pause', effect: 'Stops the clock and the programs in the terminal, and covers the exam with your reason until you resume.' },
  resume: { label: 'Resume', effect: 'Ends the pause; the clock runs again.' },
  lock: { label: 'Lock', effect: `Covers the exam with your message until you unlock it and stops the programs in its terminal. ${LOCK_CLOCK_RULE} To stop the clock, pause instead.` },
  unlock: { label: 'Unlock', effect: 'Removes the lock; the candidate continues where they were.' },
  message: { label: 'Message', effect: 'Shows your message on the candidate’s screen; the exam goes on.' },
  'force-submit': { label: 'Force submit', effect: 'Submits the exam now, with the answers saved so far. This cannot be undone.', danger: true },
  'allow-quit': { label: 'Allow quit', effect: 'Lets the candidate close the app once before submitting (recorded).' },
  'override-preflight': { label: 'Override pre-flight', effect: 'Waives the chosen failed pre-flight checks so the candidate can start (recorded).', danger: true },
};

/** Pre-flight checks a proctor may waive (the storage check cannot be: answers must be saved). */
export const OVERRIDABLE_CHECKS: ReadonlyArray<{ id: string; title: string }> = [
  { id: 'virtual-machine', title: 'Not in a virtual machine' },
  { id: 'remote-session', title: 'No remote access' },
  { id: 'prohibited-processes', title: 'No prohibited programs' },
  { id: 'displays', title: 'Display count' },
  { id: 'commands', title: 'The exam’s tools are installed' },
  { id: 'terminal-sandbox', title: 'The coding terminal can be sandboxed' },
];

/** What the dialog's inputs hold, as typed. */
export interface CommandForm {
  minutes: string;
  reason: string;
  message: string;
  text: string;
  checks: string[];
}

export const EMPTY_FORM: CommandForm = { minutes: '5', reason: '', message: '', text: '', checks: [] };

export type BuiltCommand = { ok: true; command: CommandRequest } | { ok: false; field: keyof CommandForm; message: string };

export function buildCommand(type: CommandType, form: CommandForm): BuiltCommand {
  let body: unknown;
  switch (type) {
    case 'add-time': {
      const minutes = Number(form.minutes.trim().replace(',', '.'));
      if (!form.minutes.trim() || !Number.isFinite(minutes) || minutes <= 0) return { ok: false, field: 'minutes', message: 'Enter a number of minutes greater than 0.' };
      if (minutes > 24 * 60) return { ok: false, field: 'minutes', message: 'At most 1440 minutes (24 hours) at once.' };
      body = { type, minutes };
      break;
    }
    case 'pause':
      body = { type, reason: form.reason.trim() };
      break;
    case 'lock':
      body = { type, message: form.message.trim() };
      break;
    case 'message':
      if (!form.text.trim()) return { ok: false, field: 'text', message: 'Write the message to show.' };
      body = { type, text: form.text.trim() };
      break;
    case 'override-preflight':
      if (form.checks.length === 0) return { ok: false, field: 'checks', message: 'Choose at least one check to waive.' };
      body = { type, checks: form.checks };
      break;
    default:
      body = { type };
  }
  const parsed = commandRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldOf(type);
    return { ok: false, field, message: issue ? `${issue.message}.` : 'This is not a valid command.' };
  }
  return { ok: true, command: parsed.data };
}

function fieldOf(type: CommandType): keyof CommandForm {
  switch (type) {
    case 'add-time':
      return 'minutes';
    case 'pause':
      return 'reason';
    case 'lock':
      return 'message';
    case 'override-preflight':
      return 'checks';
    default:
      return 'text';
  }
}

/** "add 5 min", "lock: Come to the desk": a command in a few words, for logs and status lines. */
export function describeCommand(command: CommandRequest | HubCommand): string {
  switch (command.type) {
    case 'add-time':
      return `add ${command.minutes} min`;
    case 'pause':
      return command.reason ? `pause: ${command.reason}` : 'pause';
    case 'lock':
      return command.message ? `lock: ${command.message}` : 'lock';
    case 'message':
      return `message: ${command.text}`;
    case 'override-preflight':
      return `override pre-flight: ${command.checks.join(', ')}`;
    default:
      return command.type;
  }
}
