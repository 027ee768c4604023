import { lazy, Suspense, useEffect, useState, type KeyboardEvent } from 'react';
import type { ClipboardPolicy } from '../terminal/clipboardPolicy.js';
import { ConflictDiff } from './ConflictDiff.js';
import { EditorTabs } from './EditorTabs.js';
import { pasteEvidence } from './pasteEvidence.js';
import type { WorkspaceEditor } from './useWorkspaceEditor.js';

const CodeEditor = lazy(() => import('./CodeEditor.js'));

const SAVE_TEXT = { saved: 'Saved', saving: 'Saving…', failed: 'Not saved: retrying', conflict: 'Changed on disk: choose below' } as const;

export interface EditorPanelProps {
  editor: WorkspaceEditor;
  clipboardPolicy: ClipboardPolicy;
  /** Paste evidence for the journal (reportViolation). */
  onEvidence?(kind: 'paste-large' | 'paste-external', detail: string): void;
}

/**
 * The editor pane: the open files' tabs, the active file's save state, the "changed on disk"
 * choice with a diff, and CodeMirror. Files save themselves (useWorkspaceEditor); Ctrl+S sends
 * what is pending at once.
 */
export function EditorPanel({ editor, clipboardPolicy, onEvidence }: EditorPanelProps) {
  const { itemId, files, active, tabs } = editor;
  const [clipboardNotice, setClipboardNotice] = useState<string | null>(null);
  const file = active ? files[active] : undefined;
  const saveState = file ? editor.saveStateOf(file.path) : 'saved';
  const statusId = `${itemId}-editor-status`;
  const panelId = `${itemId}-editor-panel`;

  useEffect(() => {
    if (!clipboardNotice) return;
    const timer = setTimeout(() => setClipboardNotice(null), 6_000);
    return () => clearTimeout(timer);
  }, [clipboardNotice]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      editor.saveNow();
    }
  };

  const dirty = file ? editor.dirtyPaths.has(file.path) : false;
  const statusText = !file ? '' : file.deletedOnDisk ? 'Deleted on disk: your next change recreates it' : dirty && saveState === 'saved' ? 'Saving…' : SAVE_TEXT[saveState];

  return (
    <section className="workspace-editor ide-pane" aria-labelledby={`${itemId}-editor-title`} data-testid="workspace-editor" onKeyDown={onKeyDown}>
      <div className="ide-pane-head">
        <h2 id={`${itemId}-editor-title`} className="ide-pane-title">
          Editor
        </h2>
        <EditorTabs tabs={tabs} active={active} dirtyPaths={editor.dirtyPaths} onSelect={(p) => void editor.open(p)} onClose={editor.close} panelId={panelId} idPrefix={itemId} />
        {file ? (
          <span id={statusId} className={`editor-status is-${saveState}${dirty ? ' is-dirty' : ''}`} data-testid="editor-status" data-state={saveState} data-dirty={dirty}>
            {statusText}
          </span>
        ) : null}
      </div>
      <div id={panelId} role={tabs.length > 0 ? 'tabpanel' : undefined} aria-label={file ? `Editing ${file.path}` : undefined} className="editor-body">
        {file?.conflict ? (
          <div role="alert" className="editor-conflict" data-testid="editor-conflict">
            <p>
              <strong>{file.path}</strong> changed on disk (the terminal?) while you had unsaved changes. Nothing has been overwritten: choose which version to keep.
            </p>
            <ConflictDiff mine={file.draft} disk={file.conflict.content} />
            <div className="actions">
              <button type="button" className="button button--small" onClick={() => editor.keepMine(file.path)}>
                Keep mine
              </button>
              <button type="button" className="button button--small" onClick={() => editor.takeDisk(file.path)}>
                Take the disk’s version
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
        {!file ? <p className="editor-hint">Choose a file in the list to edit it. Changes save themselves.</p> : null}
        {file && file.status === 'loading' ? <p className="editor-hint">Opening {file.path}…</p> : null}
        {file && file.status === 'ready' ? (
          <Suspense fallback={<p className="editor-hint">Loading the editor…</p>}>
            <CodeEditor
              path={file.path}
              value={file.draft}
              onChange={editor.edit}
              onSave={editor.saveNow}
              label="Code editor"
              describedBy={statusId}
              clipboardPolicy={clipboardPolicy}
              onClipboardRefused={setClipboardNotice}
              onPasted={(text, copied) => {
                for (const e of pasteEvidence(clipboardPolicy, text, copied, file.path)) onEvidence?.(e.kind, e.detail);
              }}
              reveal={editor.reveal && editor.reveal.path === file.path ? editor.reveal : null}
            />
          </Suspense>
        ) : null}
      </div>
    </section>
  );
}
