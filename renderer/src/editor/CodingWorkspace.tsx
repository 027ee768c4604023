import { useCallback, useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Panel, PanelGroup, PanelResizeHandle, type PanelGroupStorage } from 'react-resizable-panels';
import type { ItemOf, Language } from '../../../shared/exam/examSchema.js';
import { Markdown } from '../components/Markdown.js';
import { rememberPageCopies } from '../terminal/clipboardMemory.js';
import type { ClipboardPolicy } from '../terminal/clipboardPolicy.js';
import { useCodingApi } from '../terminal/codingApi.js';
import { useApp, useAppStore } from '../store/StoreProvider.js';
import { TerminalPaneView, useItemTerminal } from '../terminal/TerminalPane.js';
import { choosableLanguages, itemLanguages, itemMainFile, itemTestCommand } from './codingItemFields.js';
import { EditorPanel } from './EditorPanel.js';
import { FileTree } from './FileTree.js';
import { LanguageChoice } from './LanguageChoice.js';
import { LanguageSlot } from './LanguageSlot.js';
import { TestResults, type TestRun } from './TestResults.js';
import { useWorkspaceEditor } from './useWorkspaceEditor.js';
import './editor.css';

type CodingItem = ItemOf<'coding'>;

/** Pane sizes, kept per attempt in localStorage (react-resizable-panels' own format). */
function layoutStorage(): PanelGroupStorage {
  return {
    getItem: (name) => {
      try {
        return window.localStorage.getItem(name);
      } catch (error) {
        console.warn('vigil: pane sizes cannot be read back', error);
        return null;
      }
    },
    setItem: (name, value) => {
      try {
        window.localStorage.setItem(name, value);
      } catch (error) {
        console.warn('vigil: pane sizes cannot be kept', error);
      }
    },
  };
}

function Handle({ label, direction }: { label: string; direction: 'horizontal' | 'vertical' }) {
  // The separator is focusable: arrows resize, Home/End go to the limits (react-resizable-panels).
  return <PanelResizeHandle className={`ide-handle ide-handle--${direction}`} aria-label={label} data-testid="ide-handle" />;
}

/**
 * A coding item: for a multi-language task with no language picked yet, the language choice;
 * else its IDE, on the picked language's files. The IDE is keyed by the language, so a switch
 * opens it afresh (new file list, tabs and shell) on the new starter.
 */
export function CodingWorkspace({ item }: { item: CodingItem }) {
  const languages = itemLanguages(item);
  const picked = useApp((s) => s.attempt?.languages[item.id] ?? null);
  if (languages.length > 0 && !picked) return <LanguageChoice item={item} languages={languages} />;
  return <CodingIde key={picked ?? ''} item={item} languages={languages} language={picked} />;
}

/**
 * A coding item's IDE (issue 18): the whole window below the header, in resizable panes: the task
 * text (which can be hidden) over the file tree on the left; the tabbed editor over the terminal
 * and the test results on the right. Pane sizes and the hidden task are remembered per attempt.
 * Pointer and keyboard both resize (the separators take arrows). xterm and CodeMirror load on
 * first use.
 */
function CodingIde({ item, languages, language }: { item: CodingItem; languages: readonly Language[]; language: Language | null }) {
  const api = useCodingApi();
  const store = useAppStore();
  const attemptId = useApp((s) => s.attempt?.attemptId ?? 'none');
  const terminal = useItemTerminal(api, item.id);
  const clipboardPolicy = useApp((s) => (s.exam?.policy.clipboard ?? 'isolated') as ClipboardPolicy);
  const installed = useApp((s) => s.attempt?.installedLanguages ?? null);
  const editor = useWorkspaceEditor({ itemId: item.id, api, ready: terminal.firstOpen, mainFile: itemMainFile(item, language), prompt: item.prompt, ...(language ? { language } : {}) });
  const testCommand = itemTestCommand(item, language);
  const [bottom, setBottom] = useState<'terminal' | 'tests'>('terminal');
  const [run, setRun] = useState<TestRun>({ phase: 'idle' });
  const taskKey = `vigil:task-hidden:${attemptId}`;
  const [taskHidden, setTaskHidden] = useState(() => store.getState().readLocal(taskKey, (v): v is boolean => typeof v === 'boolean') ?? false);
  const storage = useMemo(layoutStorage, []);

  useEffect(() => rememberPageCopies(document), []);
  useEffect(() => store.getState().writeLocal(taskKey, taskHidden), [store, taskKey, taskHidden]);

  const runTests = useCallback(async () => {
    setRun({ phase: 'running' });
    setBottom('tests');
    // The tests see what the editor shows: every buffer is saved first.
    const saved = await editor.flush();
    if (!saved) {
      setRun({ phase: 'failed', error: 'your files could not be saved first (see the save state in the header); nothing was run' });
      return;
    }
    try {
      const result = await api.workspaceRunTests({ itemId: item.id, ...(language ? { language } : {}) });
      setRun({ phase: 'done', result });
    } catch (error) {
      setRun({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }, [api, editor, item.id, language]);

  /**
   * A confirmed switch: what the editor holds is saved first, and what could not be saved is
   * dropped, so no retried write of an old-language file lands in the new workspace; then the
   * engine resets the workspace.
   */
  const switchLanguage = useCallback(
    async (next: Language) => {
      if (!(await editor.flush())) for (const path of editor.dirtyPaths) store.getState().discardFile(item.id, path);
      store.getState().applyAttempt(await api.workspacePickLanguage({ itemId: item.id, language: next, reset: true }));
    },
    [api, editor, item.id, store],
  );

  const reportEvidence = useCallback(
    (kind: 'paste-large' | 'paste-external', detail: string) => {
      api.reportViolation({ kind, detail }).catch((error: unknown) => console.warn('vigil: paste evidence not recorded', error));
    },
    [api],
  );

  const files = (
    <section className="workspace-files ide-pane" aria-labelledby={`${item.id}-files-title`}>
      <div className="ide-pane-head">
        <h2 id={`${item.id}-files-title`} className="ide-pane-title">
          Files
        </h2>
        {taskHidden ? (
          <button type="button" className="button button--small" onClick={() => setTaskHidden(false)} aria-expanded={false} aria-controls={`${item.id}-task`} data-testid="task-toggle">
            Show task
          </button>
        ) : null}
      </div>
      {editor.listError ? (
        <p role="alert" className="alert">
          The files could not be listed: {editor.listError}{' '}
          <button type="button" className="button button--small" onClick={() => void editor.refreshList()}>
            Try again
          </button>
        </p>
      ) : null}
      <FileTree entries={editor.entries} openPath={editor.active} dirtyPaths={editor.dirtyPaths} onOpen={(p) => void editor.open(p)} label="Workspace files" />
      {editor.truncated ? <p className="editor-hint">Only the first files are listed: the workspace is very large.</p> : null}
    </section>
  );

  return (
    <div className="ide" data-testid="coding-workspace">
      <PanelGroup direction="horizontal" autoSaveId={`vigil:ide:${attemptId}:columns`} storage={storage} className="ide-columns">
        <Panel id="side" order={1} defaultSize={24} minSize={12}>
          {taskHidden ? (
            files
          ) : (
            <PanelGroup direction="vertical" autoSaveId={`vigil:ide:${attemptId}:side`} storage={storage}>
              <Panel id="task" order={1} defaultSize={55} minSize={10}>
                <section id={`${item.id}-task`} className="ide-pane ide-task" aria-labelledby={`${item.id}-task-title`}>
                  <div className="ide-pane-head">
                    <h2 id={`${item.id}-task-title`} className="ide-pane-title">
                      Task
                    </h2>
                    <button type="button" className="button button--small" onClick={() => setTaskHidden(true)} aria-expanded={true} aria-controls={`${item.id}-task`} data-testid="task-toggle">
                      Hide task
                    </button>
                  </div>
                  <div className="ide-task-text" tabIndex={0} aria-label="Task text" data-testid="task-text">
                    <Markdown text={item.prompt} headingBase={2} />
                  </div>
                  {language && languages.length > 1 ? <LanguageSlot languages={[...new Set([language, ...choosableLanguages(languages, installed).shown])].sort((a, b) => languages.indexOf(a) - languages.indexOf(b))} value={language} onSwitch={switchLanguage} /> : null}
                </section>
              </Panel>
              <Handle label="Resize the task text and the files" direction="vertical" />
              <Panel id="files" order={2} defaultSize={45} minSize={15}>
                {files}
              </Panel>
            </PanelGroup>
          )}
        </Panel>
        <Handle label="Resize the side panes and the editor" direction="horizontal" />
        <Panel id="main" order={2} minSize={45}>
          <PanelGroup direction="vertical" autoSaveId={`vigil:ide:${attemptId}:main`} storage={storage}>
            <Panel id="editor" order={1} defaultSize={55} minSize={20}>
              <EditorPanel editor={editor} clipboardPolicy={clipboardPolicy} onEvidence={reportEvidence} />
            </Panel>
            <Handle label="Resize the editor and the terminal" direction="vertical" />
            <Panel id="bottom" order={2} defaultSize={45} minSize={15}>
              <BottomPane
                itemId={item.id}
                selected={bottom}
                onSelect={setBottom}
                actions={
                  <button
                    type="button"
                    className="button button--small button--primary"
                    onClick={() => void runTests()}
                    disabled={!testCommand || run.phase === 'running'}
                    title={testCommand ? `Saves your files, then runs "${testCommand}"` : 'This question has no visible tests'}
                    data-testid="run-tests"
                  >
                    {run.phase === 'running' ? 'Running…' : 'Run tests'}
                  </button>
                }
                terminal={<TerminalPaneView controller={terminal} itemId={item.id} />}
                tests={<TestResults run={run} onJump={(path, line) => void editor.open(path, line)} />}
              />
            </Panel>
          </PanelGroup>
        </Panel>
      </PanelGroup>
    </div>
  );
}

/**
 * The lower right pane: the terminal and the test results as tabs. The terminal stays mounted
 * (hidden, not removed) so the shell and its screen live on while the results are shown.
 */
function BottomPane({
  itemId,
  selected,
  onSelect,
  actions,
  terminal,
  tests,
}: {
  itemId: string;
  selected: 'terminal' | 'tests';
  onSelect(tab: 'terminal' | 'tests'): void;
  actions: ReactNode;
  terminal: ReactNode;
  tests: ReactNode;
}) {
  const tabId = (t: string) => `${itemId}-bottom-${t}`;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'terminal' : event.key === 'End' ? 'tests' : selected === 'terminal' ? 'tests' : 'terminal';
    onSelect(next);
    document.getElementById(tabId(next))?.focus();
  };
  const tab = (t: 'terminal' | 'tests', label: string) => (
    <button type="button" role="tab" id={tabId(t)} aria-selected={selected === t} aria-controls={`${tabId(t)}-panel`} tabIndex={selected === t ? 0 : -1} onClick={() => onSelect(t)} data-testid={`bottom-tab-${t}`}>
      {label}
    </button>
  );
  return (
    <div className="ide-pane ide-bottom">
      <div className="ide-pane-head">
        <div role="tablist" aria-label="Terminal and test results" className="subtabs" onKeyDown={onKeyDown}>
          {tab('terminal', 'Terminal')}
          {tab('tests', 'Test results')}
        </div>
        <span className="ide-pane-actions">{actions}</span>
      </div>
      <div role="tabpanel" id={`${tabId('terminal')}-panel`} aria-labelledby={tabId('terminal')} className="ide-bottom-panel" hidden={selected !== 'terminal'}>
        {terminal}
      </div>
      <div role="tabpanel" id={`${tabId('tests')}-panel`} aria-labelledby={tabId('tests')} className="ide-bottom-panel ide-bottom-panel--tests" hidden={selected !== 'tests'} data-testid="test-results-panel">
        {tests}
      </div>
    </div>
  );
}
