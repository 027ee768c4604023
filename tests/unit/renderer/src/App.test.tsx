// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCK_CLOCK_RULE } from '../../../../shared/lockClock.js';
import { ApiCallError } from '../../../../renderer/src/api/apiCallError.js';
import { attemptView, fakeApi, memoryStorage, renderApp, testExam } from '../fakeApp.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('check-in', () => {
  it('names the exam and its duration, and asks no access code in practice mode', async () => {
    const api = fakeApi(testExam(), null);
    renderApp(api);
    expect(await screen.findByRole('heading', { level: 1, name: 'Test Exam' })).toBeTruthy();
    expect(screen.getByTestId('exam-duration').textContent).toBe('Duration: 30 minutes');
    expect(screen.queryByLabelText('Access code')).toBeNull();
    await userEvent.type(screen.getByLabelText('Candidate id'), ' c-7 ');
    await userEvent.type(screen.getByLabelText('Full name'), 'Grace');
    await userEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(api.checkIn).toHaveBeenCalledWith({ candidateId: 'c-7', candidateName: 'Grace' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Checking this computer' })).toBeTruthy();
  });

  it('asks for the access code of a proctored exam and shows the engine’s message for a bad one', async () => {
    const api = fakeApi(testExam({ mode: 'proctored' }), null);
    api.checkIn.mockRejectedValueOnce(new ApiCallError('checkIn', { code: 'forbidden', message: 'The access code is not valid for this exam.' }));
    renderApp(api);
    const code = await screen.findByLabelText('Access code');
    await userEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(screen.getByText('Enter the access code your proctor gave you.')).toBeTruthy();
    expect(api.checkIn).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText('Candidate id'), 'c-1');
    await userEvent.type(screen.getByLabelText('Full name'), 'Ada');
    await userEvent.type(code, 'WRONG');
    await userEvent.click(screen.getByRole('button', { name: 'Check in' }));
    expect(api.checkIn).toHaveBeenCalledWith({ candidateId: 'c-1', candidateName: 'Ada', accessCode: 'WRONG' });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The access code is not valid for this exam.'));
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(code);
  });
});

describe('pre-flight', () => {
  const checks = [
    { id: 'storage', title: 'Answers can be saved', status: 'pass' as const, detail: 'Saved in /data.', overridable: false },
    { id: 'commands', title: 'Tools installed', status: 'fail' as const, detail: 'Missing node. Ask the proctor.', overridable: true },
  ];

  it('shows each check with its status in words and takes a proctor override code for a soft fail', async () => {
    const api = fakeApi(testExam({ mode: 'proctored' }), attemptView('preflight'));
    api.getPreflight.mockResolvedValue({ checks });
    renderApp(api);
    const list = await screen.findByRole('list', { name: 'Checks' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]?.textContent).toContain('Passed');
    expect(items[1]?.textContent).toContain('Failed');
    expect(items[1]?.textContent).toContain('Missing node. Ask the proctor.');
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
    await userEvent.type(screen.getByLabelText('Proctor override code'), 'OVR-123');
    await userEvent.click(screen.getByRole('button', { name: 'Continue with override' }));
    expect(api.completePreflight).toHaveBeenCalledWith({ overrideCode: 'OVR-123' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Instructions' })).toBeTruthy();
  });

  it('offers Continue when everything passes, and shows a refusal from the engine', async () => {
    const api = fakeApi(testExam(), attemptView('preflight'));
    api.getPreflight.mockResolvedValue({ checks: [checks[0]!] });
    api.completePreflight.mockRejectedValueOnce(new ApiCallError('completePreflight', { code: 'invalid-state', message: 'Something changed.' }));
    renderApp(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Something changed.')).toBeTruthy();
  });
});

describe('instructions', () => {
  it('renders the markdown instructions and starts the attempt', async () => {
    const api = fakeApi(testExam(), attemptView('ready'));
    renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Instructions' });
    expect((await screen.findByText('carefully')).tagName).toBe('STRONG');
    await userEvent.click(screen.getByRole('button', { name: 'Start the exam' }));
    expect(api.startAttempt).toHaveBeenCalled();
    expect(await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' })).toBeTruthy();
  });
});

describe('the exam shell', () => {
  it('restores the current item from localStorage and answers and flags from the engine', async () => {
    const storage = memoryStorage();
    storage.setItem('vigil.attempt.att-1.current', JSON.stringify('q2'));
    const api = fakeApi(testExam(), attemptView('in-progress', { answers: { q2: { value: 'ETag', savedAt: new Date().toISOString(), seq: 3 } }, flags: ['q2'], timer: { clock: 'active', durationMs: 1_800_000, remainingMs: 600_000, running: true, warnAtMinutes: [5, 1] } }));
    renderApp(api, { storage });
    expect(await screen.findByRole('heading', { level: 1, name: 'Question 2 of 3' })).toBeTruthy();
    expect((screen.getByLabelText('Your answer') as HTMLInputElement).value).toBe('ETag');
    expect(screen.getByRole('button', { name: /Question 2, Short answer: answered, flagged for review, current question/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Question 1, Single choice: not visited yet$/ })).toBeTruthy();
    expect(screen.getByTestId('timer').textContent).toContain('10:00');
  });

  it('moves with Alt+N / Alt+P, flags with Alt+F, and opens the help with "?"', async () => {
    const storage = memoryStorage();
    const api = fakeApi(testExam(), attemptView('in-progress'));
    renderApp(api, { storage });
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    fireEvent.keyDown(window, { key: 'n', code: 'KeyN', altKey: true });
    expect(await screen.findByRole('heading', { level: 1, name: 'Question 2 of 3' })).toBeTruthy();
    expect(storage.data.get('vigil.attempt.att-1.current')).toBe('"q2"');
    fireEvent.keyDown(window, { key: 'f', code: 'KeyF', altKey: true });
    await waitFor(() => expect(api.setFlag).toHaveBeenCalledWith({ itemId: 'q2', flagged: true }));
    expect(screen.getByTestId('flag').getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(window, { key: 'p', code: 'KeyP', altKey: true });
    expect(await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' })).toBeTruthy();
    // "?" typed in a text field is text, elsewhere it opens the help.
    fireEvent.keyDown(window, { key: '?' });
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(help.textContent).toContain('Alt+F');
    fireEvent.keyDown(help, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    fireEvent.keyDown(window, { key: 'r', code: 'KeyR', altKey: true });
    expect(await screen.findByRole('heading', { level: 1, name: 'Review and submit' })).toBeTruthy();
  });

  it('debounces typing into one save, and says so loudly with a Retry when saving fails', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    api.saveAnswer.mockRejectedValue(new ApiCallError('saveAnswer', { code: 'storage', message: 'the disk is full' }));
    const { store } = renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => store.getState().goTo('q2'));
    const input = await screen.findByLabelText('Your answer');
    await userEvent.type(input, 'ETag');
    expect(screen.getByTestId('save-status').textContent).toContain('Saving…');
    const alert = await screen.findByRole('alert', {}, { timeout: 2_000 });
    expect(api.saveAnswer).toHaveBeenCalledTimes(1);
    expect(api.saveAnswer).toHaveBeenCalledWith({ itemId: 'q2', value: 'ETag' });
    expect(alert.textContent).toContain('the disk is full');
    // The answer stays on screen; Retry sends it again, and success clears the alarm.
    expect((input as HTMLInputElement).value).toBe('ETag');
    api.saveAnswer.mockResolvedValue({ seq: 9, savedAt: new Date().toISOString() });
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByTestId('save-status').getAttribute('data-status')).toBe('saved'));
    expect(api.saveAnswer).toHaveBeenLastCalledWith({ itemId: 'q2', value: 'ETag' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('never saves a value for a coding item: it counts as answered only when the engine says so', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    const { store } = renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => store.getState().goTo('q3'));
    // The coding layout has its labelled terminal region (the terminal itself is another module's).
    expect(await screen.findByTestId('terminal-pane')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Question 3, Coding task: not answered/ })).toBeTruthy();
    act(() => api.emit('attemptChanged', attemptView('in-progress', { answers: { q3: { value: { workspace: '/w' }, savedAt: new Date().toISOString(), seq: 4 } } })));
    expect(await screen.findByRole('button', { name: /Question 3, Coding task: answered/ })).toBeTruthy();
    expect(api.saveAnswer).not.toHaveBeenCalled();
  });

  it('confirms before submitting: focus starts on Cancel, Tab stays inside, Escape cancels', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    const { store } = renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => store.getState().openReview());
    const unanswered = await screen.findByRole('list', { name: 'Unanswered' });
    expect(within(unanswered).getAllByRole('link').map((l) => l.textContent)).toEqual(['Question 1: Single choice', 'Question 2: Short answer', 'Question 3: Coding task']);
    await userEvent.click(screen.getByTestId('submit'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Submit your exam?' });
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const submit = within(dialog).getByRole('button', { name: 'Submit' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(submit);
    fireEvent.keyDown(submit, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(api.submitAttempt).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId('submit'));
    await userEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Submit' }));
    expect(api.submitAttempt).toHaveBeenCalled();
    expect(await screen.findByRole('heading', { level: 1, name: 'Your exam is submitted' })).toBeTruthy();
  });
});

describe('overlays', () => {
  it('shows the lock with the proctor’s message, and the pause, as dialogs that cannot be dismissed', async () => {
    const api = fakeApi(testExam(), attemptView('locked', { lockMessage: 'Please look at the screen.' }));
    renderApp(api);
    const locked = await screen.findByRole('alertdialog', { name: /Your exam is locked/ });
    expect(locked.textContent).toContain('Please look at the screen.');
    // The lock-clock rule, in the hub dialog's words (shared/lockClock.ts).
    expect(locked.textContent).toContain(LOCK_CLOCK_RULE);
    fireEvent.keyDown(locked, { key: 'Escape' });
    expect(screen.getByRole('alertdialog', { name: /locked/ })).toBeTruthy();
    act(() => api.emit('attemptChanged', attemptView('paused', { pauseReason: 'Fire alarm: leave by the east stairs.' })));
    const paused = await screen.findByRole('alertdialog', { name: /The exam is paused/ });
    expect(paused.textContent).toContain('Fire alarm: leave by the east stairs.');
    act(() => api.emit('attemptChanged', attemptView('in-progress')));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('keeps a proctor message until it is dismissed', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => api.emit('notice', { level: 'info', text: 'Ten minutes of extra time for everyone.' }));
    const dialog = await screen.findByRole('dialog', { name: /Message from your proctor/ });
    expect(dialog.textContent).toContain('Ten minutes of extra time');
    await userEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('dismisses a proctor message left open once the attempt is submitted', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => api.emit('notice', { level: 'info', text: 'Your proctor added 10 minutes.' }));
    expect(await screen.findByRole('dialog', { name: /Message from your proctor/ })).toBeTruthy();
    act(() => api.emit('attemptChanged', attemptView('sealed', { submitReason: 'proctor', submittedAt: new Date().toISOString() })));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your exam is submitted' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: /Message from your proctor/ })).toBeNull();
  });

  it('announces timer warnings in an assertive live region', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    const region = screen.getByTestId('timer-announcer');
    expect(region.getAttribute('aria-live')).toBe('assertive');
    act(() => api.emit('timerWarning', { minutesLeft: 5 }));
    expect(region.textContent).toBe('Time warning: 5 minutes left.');
    expect(screen.getByTestId('timer-warning').textContent).toContain('5 minutes left');
  });

  it('shows the time-up overlay once, then the done screen', async () => {
    const storage = memoryStorage();
    const api = fakeApi(testExam(), attemptView('in-progress'));
    renderApp(api, { storage });
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => api.emit('attemptChanged', attemptView('sealed', { submitReason: 'time-up', submittedAt: new Date().toISOString() })));
    const dialog = await screen.findByRole('alertdialog', { name: /Time is up/ });
    await userEvent.click(within(dialog).getByRole('button', { name: 'See your submission' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your exam is submitted' })).toBeTruthy();
    expect(storage.data.get('vigil.attempt.att-1.timeUpSeen')).toBe('true');
  });

  it('shows a calm offline banner while the connection is down and refetches the attempt after', async () => {
    const api = fakeApi(testExam(), attemptView('in-progress'));
    const { connection } = renderApp(api);
    await screen.findByRole('heading', { level: 1, name: 'Question 1 of 3' });
    act(() => connection.set('reconnecting'));
    const banner = await screen.findByTestId('offline-banner');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('Reconnecting');
    expect(screen.queryByRole('alert')).toBeNull();
    const calls = api.getAttempt.mock.calls.length;
    act(() => connection.set('open'));
    await waitFor(() => expect(screen.queryByTestId('offline-banner')).toBeNull());
    expect(api.getAttempt.mock.calls.length).toBe(calls + 1);
  });
});

describe('the done screen', () => {
  it('shows the practice score, a bar per skill with its numbers, item statuses and explanations', async () => {
    const api = fakeApi(testExam(), attemptView('sealed', { submitReason: 'candidate', submittedAt: new Date().toISOString() }));
    api.getResult.mockResolvedValue({
      attemptId: 'att-1',
      submittedAt: new Date().toISOString(),
      submitReason: 'candidate',
      journal: { count: 12, headHash: 'abcdef0123456789' },
      sync: { status: 'local-only', receipt: null, detail: null },
      graded: {
        examId: 'test',
        score: 1,
        maxScore: 3,
        pendingManual: [],
        items: {
          q1: { score: 1, max: 1, status: 'correct', explanation: 'Because **B**.' },
          q2: { score: 0, max: 1, status: 'incorrect' },
          q3: { score: 0, max: 1, status: 'unanswered' },
        },
        skills: { api: { score: 1, max: 2, title: 'API Development' } },
      },
    });
    renderApp(api);
    expect((await screen.findByTestId('score')).textContent).toBe('1 of 3 points (33%)');
    expect(screen.getByText('API Development: 1 of 2 (50%)')).toBeTruthy();
    const items = screen.getAllByRole('listitem').filter((li) => li.classList.contains('item-result'));
    expect(items.map((li) => li.querySelector('.item-result-status')?.textContent)).toEqual(['✓ Correct', '✗ Incorrect', '○ Not answered']);
    expect((await screen.findByText('B')).tagName).toBe('STRONG');
    expect(screen.getByTestId('sync-state').textContent).toContain('Stored safely on this computer');
  });

  it('says "grading failed, retrying" while the grader is retried, then shows the score once graded', async () => {
    const sealed = { submitReason: 'candidate' as const, submittedAt: new Date().toISOString() };
    const api = fakeApi(testExam(), attemptView('sealed', { ...sealed, grading: { status: 'retrying', attempts: 1, error: 'sql runner exited (code 1)' } }));
    const resultBase = { attemptId: 'att-1', submittedAt: sealed.submittedAt, submitReason: 'candidate' as const, journal: { count: 12, headHash: 'abcdef0123456789' }, sync: { status: 'local-only' as const, receipt: null, detail: null } };
    api.getResult.mockResolvedValue({ ...resultBase, graded: null });
    renderApp(api);
    const state = await screen.findByTestId('grading-state');
    expect(state.textContent).toContain('Grading failed, retrying');
    expect(state.textContent).toContain('sealed and safe');
    expect(screen.getByRole('heading', { level: 1, name: 'Your exam is submitted' })).toBeTruthy();
    api.getResult.mockResolvedValue({ ...resultBase, graded: { examId: 'test', score: 1, maxScore: 3, pendingManual: [], items: {}, skills: {} } });
    act(() => api.emit('attemptChanged', attemptView('sealed', { ...sealed, grading: { status: 'done', attempts: 2, error: null } })));
    expect((await screen.findByTestId('score')).textContent).toBe('1 of 3 points (33%)');
    expect(screen.queryByTestId('grading-state')).toBeNull();
  });

  it('shows the receipt once synced, and the calm local-storage message until then', async () => {
    const api = fakeApi(testExam({ mode: 'proctored' }), attemptView('sealed', { sync: { status: 'pending', receipt: null, detail: null } }));
    renderApp(api);
    expect((await screen.findByTestId('sync-state')).textContent).toContain('Stored safely on this computer; it will upload when the hub is reachable');
    act(() => api.emit('attemptChanged', attemptView('synced', { sync: { status: 'synced', receipt: 'rcpt-77', detail: null } })));
    await waitFor(() => expect(screen.getByTestId('sync-state').textContent).toContain('rcpt-77'));
  });
});
