// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventData } from '../../../../shared/contract.js';
import { EditorPane } from '../../../../renderer/src/editor/EditorPane.js';
import type { CodingApi } from '../../../../renderer/src/terminal/codingApi.js';

afterEach(cleanup);

/** A workspace in memory behind the API's workspace requests. */
function fakeWorkspace(files: Record<string, string>) {
  const listeners = new Set<(e: EventData<'workspaceChanged'>) => void>();
  const writes: Array<{ path: string; content: string }> = [];
  let clock = 1;
  const api = {
    workspaceList: async () => ({ entries: Object.keys(files).map((path) => ({ path, kind: 'file' as const, size: files[path]?.length ?? 0, mtimeMs: 0 })), truncated: false }),
    workspaceRead: async ({ path }: { path: string }) => {
      const content = files[path];
      if (content === undefined) throw Object.assign(new Error(`${path} does not exist`), { code: 'not-found' });
      return { content, mtimeMs: clock };
    },
    workspaceWrite: async ({ path, content }: { path: string; content: string }) => {
      files[path] = content;
      writes.push({ path, content });
      return { mtimeMs: ++clock };
    },
    on: (_event: string, l: (e: EventData<'workspaceChanged'>) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as CodingApi;
  const shellWrites = (path: string, content: string) => {
    files[path] = content;
    clock += 1;
    for (const l of listeners) l({ itemId: 'code', paths: [path] });
  };
  return { api, writes, shellWrites };
}

const editorText = () => document.querySelector('.cm-content')?.textContent ?? '';

describe('the workspace editor', () => {
  it('opens a file from the tree, and follows the disk while it has no unsaved changes', async () => {
    const ws = fakeWorkspace({ 'notes.txt': 'one' });
    render(<EditorPane itemId="code" api={ws.api} />);
    fireEvent.click(await screen.findByRole('treeitem', { name: /notes\.txt/ }));
    await waitFor(() => expect(editorText()).toBe('one'));
    expect(screen.getByTestId('editor-status').textContent).toBe('Saved');
    ws.shellWrites('notes.txt', 'one\ntwo');
    await waitFor(() => expect(editorText()).toContain('two'));
    expect(screen.queryByTestId('editor-conflict')).toBeNull();
  });

  it('asks before replacing unsaved changes, and saves with Ctrl+S', async () => {
    const ws = fakeWorkspace({ 'sum.js': 'v1' });
    render(<EditorPane itemId="code" api={ws.api} />);
    fireEvent.click(await screen.findByRole('treeitem', { name: /sum\.js/ }));
    await waitFor(() => expect(editorText()).toBe('v1'));
    const { EditorView } = await import('@codemirror/view');
    const view = EditorView.findFromDOM(document.querySelector('.cm-editor') as HTMLElement);
    view?.dispatch({ changes: { from: 2, insert: ' mine' } });
    await waitFor(() => expect(screen.getByTestId('editor-status').textContent).toBe('Unsaved changes'));

    ws.shellWrites('sum.js', 'v2 from the shell');
    await screen.findByTestId('editor-conflict');
    expect(editorText()).toBe('v1 mine');
    fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
    expect(screen.queryByTestId('editor-conflict')).toBeNull();
    expect(screen.getByTestId('editor-status').textContent).toBe('Unsaved changes');

    fireEvent.keyDown(screen.getByTestId('workspace-editor'), { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('editor-status').textContent).toBe('Saved'));
    expect(ws.writes).toEqual([{ path: 'sum.js', content: 'v1 mine' }]);
  });
});
