import { useEffect } from 'react';
import type { ItemOf } from '../../../shared/exam/examSchema.js';
import { forLanguage } from '../../../shared/exam/languages.js';
import { rememberPageCopies } from '../terminal/clipboardMemory.js';
import type { ClipboardPolicy } from '../terminal/clipboardPolicy.js';
import { useCodingApi } from '../terminal/codingApi.js';
import { useApp } from '../store/StoreProvider.js';
import { TerminalPaneView, useItemTerminal } from '../terminal/TerminalPane.js';
import { EditorPane } from './EditorPane.js';
import './editor.css';

/**
 * A coding item's workspace below its prompt: files | editor | terminal side by side on a wide
 * screen, stacked when narrow (or zoomed to 200%). xterm and CodeMirror load on first use.
 */
export function CodingWorkspace({ item }: { item: Pick<ItemOf<'coding'>, 'id' | 'testCommand'> }) {
  const api = useCodingApi();
  const terminal = useItemTerminal(api, item.id);
  const clipboardPolicy = useApp((s) => (s.exam?.policy.clipboard ?? 'isolated') as ClipboardPolicy);
  useEffect(() => rememberPageCopies(document), []);
  const testCommand = forLanguage(item.testCommand, null);
  return (
    <div className="coding-workspace" data-testid="coding-workspace">
      <EditorPane itemId={item.id} api={api} ready={terminal.firstOpen} clipboardPolicy={clipboardPolicy} />
      <TerminalPaneView controller={terminal} itemId={item.id} {...(testCommand ? { testCommand } : {})} />
    </div>
  );
}
