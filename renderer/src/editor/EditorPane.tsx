import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { WorkspaceEntry } from '../../../shared/workspace.js';
import type { ClipboardPolicy } from '../terminal/clipboardPolicy.js';
import type { CodingApi } from '../terminal/codingApi.js';
import { FileTree } from './FileTree.js';
import { isDirty, openFileReducer, openingFile, type OpenFile, type OpenFileAction } from './openFile.js';

const CodeEditor = lazy(() => import('./CodeEditor.js'));

export interface EditorPaneProps {
  itemId: string;
  api: CodingApi;
  /**
   * Settles when the workspace may be touched: the app creates it on first use, and two first
   * uses at once (the shell opening, the file listing) race; so the first listing waits.
   */
  ready?: Promise<void>;
  clipboardPolicy?: ClipboardPolicy;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The workspace's files and an editor: open, edit, save (Ctrl+S or Save), with the dirty state
 * shown. Files the shell changes are re-read: a clean buffer follows the disk, unsaved edits are
 * never overwritten (the candidate chooses "Reload" or "Keep mine"). Every file opened keeps its
 * draft while the pane lives, so switching files loses nothing.
 */
export function EditorPane({ itemId, api, ready, clipboardPolicy = 'allow' }: EditorPaneProps) {
  const [entries, setEntries] = useState<WorkspaceEntry[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [listError, setListError] = useState<string | null>(null);
  const [files, setFiles] = useState<Record<string, OpenFile>>({});
  const [active, setActive] = useState<string | null>(null);
  const [clipboardNotice, setClipboardNotice] = useState<string | null>(null);
  const filesRef = useRef(files);
  filesRef.current = files;
  const alive = useRef(true);

  const dispatch = useCallback((path: string, action: OpenFileAction) => {
    if (!alive.current) return;
    setFiles((prev) => {
      const file = prev[path];
      return file ? { ...prev, [path]: openFileReducer(file, action) } : prev;
    });
  }, []);

  const refreshList = useCallback(async () => {
    try {
      const result = await api.workspaceList({ itemId });
      if (!alive.current) return;
      setEntries(result.entries);
      setTruncated(result.truncated);
      setListError(null);
    } catch (error) {
      if (alive.current) setListError(message(error));
    }
  }, [api, itemId]);

  const reread = useCallback(
    async (path: string) => {
      try {
        const { content, mtimeMs } = await api.workspaceRead({ itemId, path });
        dispatch(path, { type: 'disk-changed', content, mtimeMs });
      } catch (error) {
        if (errorCode(error) === 'not-found') dispatch(path, { type: 'disk-deleted' });
        else console.warn(`vigil: could not re-read ${path}`, error);
      }
    },
    [api, itemId, dispatch],
  );

  useEffect(() => {
    alive.current = true;
    void (ready ?? Promise.resolve()).then(() => refreshList());
    const stop = api.on('workspaceChanged', (event) => {
      if (event.itemId !== itemId) return;
      void refreshList();
      for (const path of event.paths) if (filesRef.current[path]) void reread(path);
    });
    return () => {
      alive.current = false;
      stop();
    };
  }, [api, itemId, refreshList, reread, ready]);

  const open = useCallback(
    async (path: string) => {
      setActive(path);
      const existing = filesRef.current[path];
      if (existing && existing.status !== 'error') return;
      setFiles((prev) => ({ ...prev, [path]: openingFile(path) }));
      try {
        const { content, mtimeMs } = await api.workspaceRead({ itemId, path });
        dispatch(path, { type: 'loaded', content, mtimeMs });
      } catch (error) {
        dispatch(path, { type: 'load-failed', error: message(error) });
      }
    },
    [api, itemId, dispatch],
  );

  const save = useCallback(async () => {
    const path = active;
    const file = path ? filesRef.current[path] : undefined;
    if (!path || !file || file.status !== 'ready' || file.saving) return;
    const content = file.draft;
    dispatch(path, { type: 'saving' });
    try {
      const { mtimeMs } = await api.workspaceWrite({ itemId, path, content });
      dispatch(path, { type: 'saved', content, mtimeMs });
    } catch (error) {
      dispatch(path, { type: 'save-failed', error: message(error) });
    }
  }, [active, api, itemId, dispatch]);

  const onChange = useCallback(
    (draft: string) => {
      if (active) dispatch(active, { type: 'edited', draft });
    },
    [active, dispatch],
  );

  // Ctrl+S anywhere in the pane (the tree, the buttons), not only inside the editor.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save();
    }
  };

  useEffect(() => {
    if (!clipboardNotice) return;
    const timer = setTimeout(() => setClipboardNotice(null), 6_000);
    return () => clearTimeout(timer);
  }, [clipboardNotice]);

  const dirtyPaths = useMemo(() => new Set(Object.values(files).filter(isDirty).map((f) => f.path)), [files]);
  const file = active ? files[active] : undefined;
  const dirty = file ? isDirty(file) : false;
  const statusId = `${itemId}-editor-status`;

  return (
    <div className="editor-pane" onKeyDown={onKeyDown}>
      <section className="workspace-files" aria-labelledby={`${itemId}-files-title`}>
        <h3 id={`${itemId}-files-title`} className="pane-title">
          Files
        </h3>
        {listError ? (
          <p role="alert" className="alert">
            The files could not be listed: {listError}{' '}
            <button type="button" className="button button--small" onClick={() => void refreshList()}>
              Try again
            </button>
          </p>
        ) : null}
        <FileTree entries={entries} openPath={active} dirtyPaths={dirtyPaths} onOpen={(p) => void open(p)} label="Workspace files" />
        {truncated ? <p className="editor-hint">Only the first files are listed: the workspace is very large.</p> : null}
      </section>
      <section className="workspace-editor" aria-labelledby={`${itemId}-editor-title`} data-testid="workspace-editor">
        <div className="editor-toolbar">
          <h3 id={`${itemId}-editor-title`} className="pane-title">
            {file ? (
              <>
                <span className="sr-only">Editing </span>
                <code data-testid="editor-path">{file.path}</code>
              </>
            ) : (
              'Editor'
            )}
          </h3>
          {file ? (
            <span id={statusId} className={`editor-status${dirty ? ' is-dirty' : ''}`} data-testid="editor-status" data-dirty={dirty}>
              {file.saving ? 'Saving…' : file.deletedOnDisk ? 'Deleted on disk: save to recreate it' : dirty ? 'Unsaved changes' : 'Saved'}
            </span>
          ) : null}
          <button type="button" className="button button--small" onClick={() => void save()} disabled={!file || file.status !== 'ready' || file.saving} aria-keyshortcuts="Control+S" data-testid="editor-save">
            Save
          </button>
        </div>
        {file?.conflict ? (
          <div role="alert" className="editor-conflict" data-testid="editor-conflict">
            <p>
              <strong>{file.path}</strong> changed on disk while you had unsaved changes.
            </p>
            <div className="actions">
              <button type="button" className="button button--small" onClick={() => active && dispatch(active, { type: 'reload' })}>
                Reload from disk
              </button>
              <button type="button" className="button button--small" onClick={() => active && dispatch(active, { type: 'keep-mine' })}>
                Keep mine
              </button>
            </div>
          </div>
        ) : null}
        {file?.error ? (
          <p role="alert" className="alert">
            {file.status === 'error' ? `${file.path} cannot be opened: ` : 'Not saved: '}
            {file.error}
          </p>
        ) : null}
        <p role="status" className="editor-notice">
          {clipboardNotice ?? ''}
        </p>
        {!file ? <p className="editor-hint">Choose a file in the list to edit it. Save with Ctrl+S.</p> : null}
        {file && file.status === 'loading' ? <p className="editor-hint">Opening {file.path}…</p> : null}
        {file && file.status === 'ready' ? (
          <Suspense fallback={<p className="editor-hint">Loading the editor…</p>}>
            <CodeEditor
              path={file.path}
              value={file.draft}
              onChange={onChange}
              onSave={() => void save()}
              label="Code editor"
              describedBy={statusId}
              clipboardPolicy={clipboardPolicy}
              onClipboardRefused={setClipboardNotice}
            />
          </Suspense>
        ) : null}
      </section>
    </div>
  );
}
