// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttemptView } from '../../../../shared/attemptView.js';
import type { ItemOf } from '../../../../shared/exam/examSchema.js';
import { CodingWorkspace } from '../../../../renderer/src/editor/CodingWorkspace.js';
import { LanguageSlot } from '../../../../renderer/src/editor/LanguageSlot.js';
import { createAppStore } from '../../../../renderer/src/store/appStore.js';
import { createPersist } from '../../../../renderer/src/store/persist.js';
import { StoreProvider } from '../../../../renderer/src/store/StoreProvider.js';
import { attemptView, fakeApi, fakeConnection, memoryStorage, testExam } from '../fakeApp.js';

afterEach(cleanup);

// happy-dom lacks the legacy CSSOM alias react-resizable-panels calls when a resize handle
// unmounts (a language switch remounts the IDE); browsers have it (tests/e2e/languageChoice.test.ts).
const sheet = CSSStyleSheet.prototype as CSSStyleSheet & { removeRule?: (index?: number) => void };
sheet.removeRule ??= function (this: CSSStyleSheet, index?: number) {
  this.deleteRule(index ?? 0);
};

const item: ItemOf<'coding'> = {
  id: 'q3',
  type: 'coding',
  prompt: 'Sum the numbers on **stdin**.',
  points: 1,
  task: 'tasks/sum',
  languages: ['node', 'python', 'java'],
  mainFile: { node: 'main.js', python: 'main.py', java: 'Main.java' },
} as ItemOf<'coding'>;

function setup(view: AttemptView) {
  const api = fakeApi(testExam(), view);
  const storage = memoryStorage();
  const store = createAppStore({ api, connection: fakeConnection(), persist: createPersist(storage), now: () => Date.now(), prefersHighContrast: () => false });
  store.getState().applyAttempt(view);
  render(
    <StoreProvider store={store}>
      <CodingWorkspace item={item} />
    </StoreProvider>,
  );
  return { api, store, storage };
}

describe('the language choice of a multi-language coding item', () => {
  it('offers the installed languages first, and the engine\'s pick opens the IDE', async () => {
    const { api, store, storage } = setup(attemptView('in-progress', { installedLanguages: ['node', 'python'] }));
    api.workspacePickLanguage.mockImplementation(async () => attemptView('in-progress', { installedLanguages: ['node', 'python'], languages: { q3: 'python' } }));

    expect(screen.getByRole('heading', { name: 'Choose the language you will write this task in' })).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Choose the language you will write this task in' });
    expect([...group.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['JavaScript (Node.js)', 'Python 3']);
    expect(screen.getByText('Not installed on this computer: Java 17.')).toBeTruthy();
    // The task can be read before choosing.
    expect(screen.getByLabelText('Task text').textContent).toContain('Sum the numbers on');
    // Nothing asks for the workspace before the pick.
    expect(api.workspaceList).not.toHaveBeenCalled();
    expect(api.terminalOpen).not.toHaveBeenCalled();

    // By keyboard: Tab to the second language, Enter.
    await userEvent.tab();
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('Python 3');
    await userEvent.keyboard('{Enter}');
    expect(api.workspacePickLanguage).toHaveBeenCalledWith({ itemId: 'q3', language: 'python' });
    await waitFor(() => expect(screen.getByTestId('coding-workspace')).toBeTruthy());
    expect(screen.queryByTestId('language-choice')).toBeNull();
    expect(store.getState().attempt?.languages).toEqual({ q3: 'python' });
    // The engine holds the pick: nothing of it is kept in the page's storage.
    expect([...storage.data.keys()].some((k) => k.startsWith('vigil:language:'))).toBe(false);
  });

  it('shows the engine\'s refusal and stays on the choice', async () => {
    const { api } = setup(attemptView('in-progress'));
    api.workspacePickLanguage.mockRejectedValue(new Error('not possible while the attempt is paused'));
    // Unknown installs (no pre-flight yet): every offered language is shown.
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['JavaScript (Node.js)', 'Python 3', 'Java 17']);
    await userEvent.click(screen.getByRole('button', { name: 'Java 17' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not possible while the attempt is paused');
    expect(screen.getByTestId('language-choice')).toBeTruthy();
  });
});

describe('the IDE of a picked multi-language item', () => {
  it('opens at once on the pick, and a confirmed switch asks the engine to reset', async () => {
    const { api, store } = setup(attemptView('in-progress', { languages: { q3: 'python' } }));
    api.workspacePickLanguage.mockImplementation(async () => attemptView('in-progress', { languages: { q3: 'node' } }));
    expect(screen.getByTestId('coding-workspace')).toBeTruthy();
    expect(screen.queryByTestId('language-choice')).toBeNull();
    expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('python');
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'node');
    await userEvent.click(screen.getByRole('button', { name: 'Switch to JavaScript (Node.js)' }));
    await waitFor(() => expect(api.workspacePickLanguage).toHaveBeenCalledWith({ itemId: 'q3', language: 'node', reset: true }));
    await waitFor(() => expect((screen.getByLabelText('Language') as HTMLSelectElement).value).toBe('node'));
    expect(store.getState().attempt?.languages).toEqual({ q3: 'node' });
  });
});

describe('LanguageSlot: switching the language', () => {
  it('asks first, says the files are discarded, and switches only on confirm', async () => {
    const onSwitch = vi.fn(async () => {});
    render(<LanguageSlot languages={['node', 'python']} value="node" onSwitch={onSwitch} />);
    const select = screen.getByLabelText('Language');
    await userEvent.selectOptions(select, 'python');
    const dialog = screen.getByTestId('language-switch-confirm');
    expect(dialog.textContent).toContain('Switching resets your workspace to the Python 3 starter; your current files are discarded.');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onSwitch).not.toHaveBeenCalled();
    expect(screen.queryByTestId('language-switch-confirm')).toBeNull();

    await userEvent.selectOptions(select, 'python');
    await userEvent.click(screen.getByRole('button', { name: 'Switch to Python 3' }));
    expect(onSwitch).toHaveBeenCalledWith('python');
    await waitFor(() => expect(screen.queryByTestId('language-switch-confirm')).toBeNull());
  });
});
