// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandRequest, CommandType } from '../../../../../../shared/hub/commands.js';
import type { AttemptState } from '../../../../../../shared/lifecycle.js';
import { HubRequestError } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import { LOCK_CLOCK_RULE } from '../../../../../../shared/lockClock.js';
import { CommandBar } from '../../../../../../renderer/src/dashboard/components/CommandBar.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import { fakeClient, makeStore, summary } from '../fixtures.js';

function setup(command: (id: string, c: CommandRequest) => Promise<{ commandId: string }>, failedChecks: string[] = [], state: AttemptState = 'in-progress', pending: Array<{ type: CommandType }> = []) {
  const spy = vi.fn(command);
  const store = makeStore(fakeClient({ command: spy }));
  render(
    <DashboardProvider store={store}>
      <CommandBar summary={summary({ attemptId: 'a1', candidate: { id: 'c-1', name: 'Grace Hopper' }, state })} failedChecks={failedChecks} pending={pending} />
    </DashboardProvider>,
  );
  return spy;
}

const offered = () => screen.getAllByRole('button').filter((b) => b.dataset.testid?.startsWith('command-')).map((b) => b.dataset.testid?.slice('command-'.length));

const ok = async () => ({ commandId: 'cmd-1' });

describe('CommandBar', () => {
  afterEach(cleanup);

  it('asks before sending: Cancel and Escape send nothing, confirming sends the command', async () => {
    const user = userEvent.setup();
    const send = setup(ok);
    await user.click(screen.getByRole('button', { name: 'Force submit' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Force submit: Grace Hopper' });
    expect(dialog.textContent).toContain('cannot be undone');
    // The dangerous default is not the focused one.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Force submit' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(send).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Force submit' }));
    await user.click(screen.getByTestId('command-confirm'));
    expect(send).toHaveBeenCalledWith('a1', { type: 'force-submit' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('command-sent').textContent).toContain('Sent: force-submit');
  });

  it('takes the minutes for add-time, refusing a bad number in place', async () => {
    const user = userEvent.setup();
    const send = setup(ok);
    await user.click(screen.getByRole('button', { name: 'Add time' }));
    const minutes = screen.getByLabelText('Minutes to add');
    expect(document.activeElement).toBe(minutes);
    await user.clear(minutes);
    await user.type(minutes, '0');
    await user.click(screen.getByTestId('command-confirm'));
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByTestId('command-error').textContent).toContain('greater than 0');
    expect(minutes.getAttribute('aria-invalid')).toBe('true');
    await user.clear(minutes);
    await user.type(minutes, '10{Enter}');
    expect(send).toHaveBeenCalledWith('a1', { type: 'add-time', minutes: 10 });
  });

  it('keeps the dialog open with the hub’s reason when the command is refused', async () => {
    const user = userEvent.setup();
    setup(() => Promise.reject(new HubRequestError(409, 'conflict', 'the attempt is already submitted: commands no longer reach it')));
    await user.click(screen.getByRole('button', { name: 'Message' }));
    await user.type(screen.getByLabelText('Message'), 'Five minutes left');
    await user.click(screen.getByTestId('command-confirm'));
    expect(await screen.findByText(/Not sent: The attempt is already submitted/)).toBeTruthy();
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('offers only the checks that failed for this candidate, ticked, for an override', async () => {
    const user = userEvent.setup();
    const send = setup(ok, ['displays', 'virtual-machine'], 'preflight');
    await user.click(screen.getByRole('button', { name: 'Override pre-flight' }));
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => b.closest('label')?.querySelector('code')?.textContent)).toEqual(['virtual-machine', 'displays']);
    expect(boxes.every((b) => b.checked)).toBe(true);
    expect(screen.queryByRole('checkbox', { name: /No remote access/ })).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: /Not in a virtual machine/ }));
    await user.click(screen.getByTestId('command-confirm'));
    expect(send).toHaveBeenCalledWith('a1', { type: 'override-preflight', checks: ['displays'] });
  });

  it('says so when no check failed for this candidate, and sends nothing', async () => {
    const user = userEvent.setup();
    const send = setup(ok, [], 'preflight');
    await user.click(screen.getByRole('button', { name: 'Override pre-flight' }));
    expect(screen.getByTestId('command-dialog').textContent).toContain('No pre-flight check has failed for Grace Hopper');
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByTestId('command-confirm')).toBeNull();
    expect(send).not.toHaveBeenCalled();
  });

  it('offers only the commands valid in the attempt\'s state, counting commands still on their way', () => {
    setup(ok, [], 'in-progress');
    expect(offered()).toEqual(['add-time', 'pause', 'lock', 'message', 'force-submit', 'allow-quit']);
    expect(screen.getByTestId('commands-unavailable').textContent).toBe('Not available while the attempt is in-progress: Resume, Unlock, Override pre-flight.');
    cleanup();
    setup(ok, [], 'paused');
    expect(offered()).toEqual(['add-time', 'resume', 'lock', 'message', 'force-submit', 'allow-quit']);
    cleanup();
    setup(ok, [], 'in-progress', [{ type: 'lock' }]);
    expect(offered()).toEqual(['add-time', 'pause', 'lock', 'unlock', 'message', 'force-submit', 'allow-quit']);
    cleanup();
    setup(ok, [], 'preflight');
    expect(offered()).toEqual(['message', 'allow-quit', 'override-preflight']);
  });

  it('says what a lock does to the clock, in the words the candidate reads', async () => {
    const user = userEvent.setup();
    setup(ok);
    await user.click(screen.getByRole('button', { name: 'Lock' }));
    expect(screen.getByTestId('command-dialog').textContent).toContain(LOCK_CLOCK_RULE);
  });
});
