import { sql } from '@codemirror/lang-sql';
import { EditorView, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { minimalSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface SqlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Ctrl+Enter (Cmd+Enter) inside the editor. */
  onRun(): void;
  label: string;
  describedBy?: string;
}

/**
 * The CodeMirror 6 SQL editor. Tab is left to the browser (no indent-with-Tab) so keyboard users can
 * leave the editor; lines wrap so nothing scrolls sideways at large font sizes. Loaded lazily.
 */
export default function SqlEditor({ value, onChange, onRun, label, describedBy }: SqlEditorProps) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onRun });
  latest.current = { onChange, onRun };

  useEffect(() => {
    if (!parent.current) return;
    const editor = new EditorView({
      doc: value,
      parent: parent.current,
      extensions: [
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              latest.current.onRun();
              return true;
            },
          },
        ]),
        minimalSetup,
        lineNumbers(),
        sql(),
        EditorView.lineWrapping,
        placeholder('SELECT …'),
        // tabindex makes the (already focusable) content count as the scroller's keyboard access for axe.
        EditorView.contentAttributes.of({ tabindex: '0', 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) latest.current.onChange(update.state.doc.toString());
        }),
      ],
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor owns its text after creation; outside changes are synced below.
  }, [label, describedBy]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div ref={parent} className="sql-editor" data-testid="sql-editor" />;
}
