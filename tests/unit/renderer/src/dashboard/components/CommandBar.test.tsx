// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandRequest } from '../../../../../../shared/hub/commands.js';
import { HubRequestError } from '../../../../../../renderer/src/dashboard/api/hubClient.js';
import { CommandBar } from '../../../../../../renderer/src/dashboard/components/CommandBar.js';
import { DashboardProvider } from '../../../../../../renderer/src/dashboard/store/DashboardProvider.js';
import { fakeClient, makeStore, summary } from '../fixtures.js';

function setup(command: (id: string, c: CommandRequest) => Promise<{ commandId: string }>, failedChecks: string[] = []) {
  const spy = vi.fn(command);
  const store = makeStore(fakeClient({ command: spy }));
  render(
    <DashboardProvider store={store}>
      <CommandBar summary={summary({ attemptId: 'a1', candidate: { id: 'c-1', name: 'Grace Hopper' } })} failedChecks={failedChecks} />
    </DashboardProvider>,
  );
  return spy;
}

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

  it('offers the failed pre-flight checks, ticked, for an override', async () => {
    const user = userEvent.setup();
    const send = setup(ok, ['displays']);
    await user.click(screen.getByRole('button', { name: 'Override pre-flight' }));
    expect((screen.getByRole('checkbox', { name: /Display count/ }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('checkbox', { name: /No remote access/ }));
    await user.click(screen.getByTestId('command-confirm'));
    expect(send).toHaveBeenCalledWith('a1', { type: 'override-preflight', checks: ['displays', 'remote-session'] });
  });
});
