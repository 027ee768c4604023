// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventData } from '../../../../shared/contract.js';
import { ApiCallError } from '../../../../renderer/src/api/apiCallError.js';
import { EditorPanel } from '../../../../renderer/src/editor/EditorPanel.js';
import { FileTree } from '../../../../renderer/src/editor/FileTree.js';
import { useWorkspaceEditor } from '../../../../renderer/src/editor/useWorkspaceEditor.js';
import { createAppStore, type AppStore } from '../../../../renderer/src/store/appStore.js';
import { createPersist, type KeyValueStore } from '../../../../renderer/src/store/persist.js';
import { StoreProvider } from '../../../../renderer/src/store/StoreProvider.js';
import type { CodingApi } from '../../../../renderer/src/terminal/codingApi.js';
import { attemptView, fakeApi, fakeConnection, memoryStorage, testExam } from '../fakeApp.js';

afterEach(cleanup);

/** A workspace in memory behind the workspace requests, with the engine's mtime check. */
function fakeWorkspace(files: Record<string, string>) {
  const listeners = new Set<(e: EventData<'workspaceChanged'>) => void>();
  const writes: Array<{ path: string; content: string; ifMtimeMs?: number }> = [];
  const mtimes: Record<string, number> = Object.fromEntries(Object.keys(files).map((p) => [p, 1]));
  let clock = 1;
  const api = {
    workspaceList: async () => ({ entries: Object.keys(files).map((path) => ({ path, kind: 'file' as const, size: files[path]?.length ?? 0, mtimeMs: 0 })), truncated: false }),
    workspaceRead: async ({ path }: { path: string }) => {
      const content = files[path];
      if (content === undefined) throw new ApiCallError('workspaceRead', { code: 'not-found', message: `${path} does not exist` });
      return { content, mtimeMs: mtimes[path] ?? 0 };
    },
    workspaceWrite: async ({ path, content, ifMtimeMs }: { path: string; content: string; ifMtimeMs?: number }) => {
      if (ifMtimeMs !== undefined && files[path] !== undefined && mtimes[path] !== ifMtimeMs) {
        throw new ApiCallError('workspaceWrite', { code: 'conflict', message: `${path} changed on disk` });
      }
      files[path] = content;
      mtimes[path] = ++clock;
      writes.push({ path, content, ...(ifMtimeMs !== undefined ? { ifMtimeMs } : {}) });
      return { mtimeMs: clock };
    },
    on: (_event: string, l: (e: EventData<'workspaceChanged'>) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  /** The shell changes a file; `quiet`: the watcher has not reported it yet. */
  const shellWrites = (path: string, content: string, quiet = false) => {
    files[path] = content;
    mtimes[path] = ++clock;
    if (!quiet) for (const l of listeners) l({ itemId: 'q3', paths: [path] });
  };
  return { api, files, writes, shellWrites };
}

function Harness({ api, prompt = '' }: { api: CodingApi; prompt?: string }) {
  const editor = useWorkspaceEditor({ itemId: 'q3', api, mainFile: null, prompt });
  return (
    <>
      <FileTree entries={editor.entries} openPath={editor.active} dirtyPaths={editor.dirtyPaths} onOpen={(p) => void editor.open(p)} label="Workspace files" />
      <EditorPanel editor={editor} clipboardPolicy="allow" />
    </>
  );
}

function setup(files: Record<string, string>, storage: KeyValueStore = memoryStorage()) {
  const ws = fakeWorkspace(files);
  const base = fakeApi(testExam(), attemptView('in-progress'));
  const api = new Proxy(base, { get: (t, p, r) => (p in ws.api ? Reflect.get(ws.api, p) : Reflect.get(t, p, r)) }) as unknown as CodingApi & typeof base;
  const store: AppStore = createAppStore({ api, connection: fakeConnection(), persist: createPersist(storage), now: () => Date.now(), prefersHighContrast: () => false });
  store.getState().applyAttempt(attemptView('in-progress'));
  const mount = (prompt?: string) =>
    render(
      <StoreProvider store={store}>
        <Harness api={api} {...(prompt !== undefined ? { prompt } : {})} />
      </StoreProvider>,
    );
  return { ws, store, mount, storage };
}

const editorText = () => document.querySelector('.cm-content')?.textContent ?? '';

async function typeInEditor(at: number, text: string): Promise<void> {
  const { EditorView } = await import('@codemirror/view');
  const view = EditorView.findFromDOM(document.querySelector('.cm-editor') as HTMLElement);
  act(() => view?.dispatch({ changes: { from: at, insert: text } }));
}

describe('the workspace editor', () => {
  it('opens the file the prompt names on arrival, and follows the disk while it has no unsaved changes', async () => {
    const { ws, mount } = setup({ 'package.json': '{}', 'sum.js': 'one' });
    mount('In `sum.js`, make it work.');
    await waitFor(() => expect(editorText()).toBe('one'));
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('sum.js');
    ws.shellWrites('sum.js', 'one\ntwo');
    await waitFor(() => expect(editorText()).toContain('two'));
    expect(screen.queryByTestId('editor-conflict')).toBeNull();
    expect(ws.writes).toEqual([]);
  });

  it('saves edits by itself against the mtime it read, and after a shell change asks with a diff instead of overwriting', async () => {
    const { ws, mount, store } = setup({ 'sum.js': 'v1' });
    mount();
    await waitFor(() => expect(editorText()).toBe('v1'));
    await typeInEditor(2, ' mine');
    await waitFor(() => expect(ws.writes).toEqual([{ path: 'sum.js', content: 'v1 mine', ifMtimeMs: 1 }]), { timeout: 3000 });
    await waitFor(() => expect(screen.getByTestId('editor-status').textContent).toBe('Saved'));

    await typeInEditor(7, ' more');
    ws.shellWrites('sum.js', 'v2 from the shell');
    await screen.findByTestId('editor-conflict');
    expect(screen.getByTestId('conflict-diff').textContent).toContain('v2 from the shell');
    expect(editorText()).toBe('v1 mine more');
    // Nothing is written while the candidate has not chosen; the header says why.
    await new Promise((r) => setTimeout(r, 1800));
    expect(ws.files['sum.js']).toBe('v2 from the shell');
    expect(store.getState().fileConflicts).toEqual(['q3\u0000sum.js']);

    fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(ws.files['sum.js']).toBe('v1 mine more'));
    expect(store.getState().fileConflicts).toEqual([]);
    expect(screen.queryByTestId('editor-conflict')).toBeNull();
  });

  it('takes the disk’s version when the candidate chooses so, dropping the unsaved edit', async () => {
    const { ws, mount, store } = setup({ 'a.txt': 'disk' });
    mount();
    await waitFor(() => expect(editorText()).toBe('disk'));
    await typeInEditor(4, '!');
    ws.shellWrites('a.txt', 'shell');
    await screen.findByTestId('editor-conflict');
    fireEvent.click(screen.getByRole('button', { name: /Take the disk/ }));
    await waitFor(() => expect(editorText()).toBe('shell'));
    expect(await store.getState().flushFiles()).toBe(true);
    expect(ws.files['a.txt']).toBe('shell');
    expect(ws.writes).toEqual([]);
  });

  it('turns a save the engine refuses (the shell was faster than its watcher) into the same choice', async () => {
    const { ws, mount } = setup({ 'a.txt': 'disk' });
    mount();
    await waitFor(() => expect(editorText()).toBe('disk'));
    ws.shellWrites('a.txt', 'shell', true);
    await typeInEditor(4, ' edit');
    await screen.findByTestId('editor-conflict', {}, { timeout: 4000 });
    expect(ws.files['a.txt']).toBe('shell');
  });

  it('brings back a buffer not saved before a reload, and asks when the disk moved on meanwhile', async () => {
    const storage = memoryStorage();
    const first = setup({ 'a.txt': 'base' }, storage);
    const view = first.mount();
    await waitFor(() => expect(editorText()).toBe('base'));
    first.store.getState().stopFileSaves(); // the page goes away before the autosave
    await typeInEditor(4, ' typed');
    view.unmount();
    expect(first.ws.writes).toEqual([]);

    // Same disk: the buffer is back, unsaved, and saves itself.
    const second = setup({ 'a.txt': 'base' }, storage);
    second.mount();
    await waitFor(() => expect(editorText()).toBe('base typed'));
    await waitFor(() => expect(second.ws.files['a.txt']).toBe('base typed'), { timeout: 3000 });
    cleanup();

    // Kept draft, but the disk changed since: a conflict, nothing overwritten.
    storage.setItem(`vigil:draft:att-1:q3\u0000a.txt`, JSON.stringify({ draft: 'base typed again', base: 'base typed', mtimeMs: 5 }));
    const third = setup({ 'a.txt': 'changed by the shell' }, storage);
    third.mount();
    await screen.findByTestId('editor-conflict');
    expect(editorText()).toBe('base typed again');
    expect(third.ws.files['a.txt']).toBe('changed by the shell');
  });
});
