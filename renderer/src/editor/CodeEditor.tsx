import { indentWithTab } from '@codemirror/commands';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { lastCopied, rememberCopy } from '../terminal/clipboardMemory.js';
import { decideCopy, decidePaste, type ClipboardPolicy } from '../terminal/clipboardPolicy.js';
import { languageFor } from './languages.js';

export interface CodeEditorProps {
  /** The open file; a new path gets its own editor state (and undo history). */
  path: string;
  value: string;
  onChange(value: string): void;
  /** Ctrl+S (Cmd+S). */
  onSave(): void;
  label: string;
  describedBy?: string;
  /** The exam's clipboard policy, applied to copy, cut and paste in the editor. */
  clipboardPolicy?: ClipboardPolicy;
  /** A copy or paste the policy refused, with why. */
  onClipboardRefused?(reason: string): void;
  /** A paste the policy let through, with the text last copied inside the exam (paste evidence). */
  onPasted?(text: string, copiedInExam: string | null): void;
  /** Moves the cursor to this line and shows it (a failing test's line); a new nonce repeats it. */
  reveal?: { line: number; nonce: number } | null;
}

/** Applies the clipboard policy to CodeMirror's copy, cut and paste (see clipboardPolicy.ts). */
function clipboardHandlers(policy: () => ClipboardPolicy, refused: (reason: string) => void, pasted: (text: string, copiedInExam: string | null) => void): Extension {
  const selected = (view: EditorView) =>
    view.state.selection.ranges
      .filter((r) => !r.empty)
      .map((r) => view.state.sliceDoc(r.from, r.to))
      .join(view.state.lineBreak);
  const copyOrCut = (event: ClipboardEvent, view: EditorView): boolean => {
    const decision = decideCopy(policy());
    if (decision.kind === 'system') {
      rememberCopy(selected(view));
      return false; // CodeMirror copies (and cuts) as usual
    }
    event.preventDefault();
    refused(decision.reason);
    return true;
  };
  return EditorView.domEventHandlers({
    copy: (event, view) => copyOrCut(event, view),
    cut: (event, view) => copyOrCut(event, view),
    paste: (event) => {
      const text = event.clipboardData?.getData('text/plain') ?? null;
      if (policy() === 'allow') {
        if (text) pasted(text, lastCopied());
        return false;
      }
      const decision = decidePaste(policy(), text, lastCopied());
      if (decision.kind === 'paste') {
        pasted(decision.text, lastCopied());
        return false; // CodeMirror's own paste (it adjusts indentation and line breaks)
      }
      event.preventDefault();
      refused(decision.reason);
      return true;
    },
  });
}

export default function CodeEditor({ path, value, onChange, onSave, label, describedBy, clipboardPolicy = 'allow', onClipboardRefused, onPasted, reveal }: CodeEditorProps) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onSave, value, path, clipboardPolicy, onClipboardRefused, onPasted });
  latest.current = { onChange, onSave, value, path, clipboardPolicy, onClipboardRefused, onPasted };
  // Each file's state (text, selection, undo history), kept while the pane lives.
  const states = useRef(new Map<string, EditorState>());
  const language = useRef(new Compartment());
  const currentPath = useRef<string | null>(null);

  const extensions = (): Extension[] => [
    keymap.of([
      {
        key: 'Mod-s',
        preventDefault: true,
        run: () => {
          latest.current.onSave();
          return true;
        },
      },
      indentWithTab,
    ]),
    basicSetup,
    clipboardHandlers(
      () => latest.current.clipboardPolicy,
      (reason) => latest.current.onClipboardRefused?.(reason),
      (text, copied) => latest.current.onPasted?.(text, copied),
    ),
    language.current.of([]),
    // tabindex makes the (already focusable) content count as the scroller's keyboard access for axe.
    EditorView.contentAttributes.of({ tabindex: '0', 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) latest.current.onChange(update.state.doc.toString());
    }),
  ];

  /** Parks the current file's state and shows `next`'s (kept, or fresh), then loads its language. */
  const showFile = (editor: EditorView, next: string): void => {
    if (currentPath.current === next) return;
    if (currentPath.current) states.current.set(currentPath.current, editor.state);
    const kept = states.current.get(next);
    editor.setState(kept && kept.doc.toString() === latest.current.value ? kept : EditorState.create({ doc: latest.current.value, extensions: extensions() }));
    currentPath.current = next;
    void languageFor(next)
      .then((lang) => {
        if (currentPath.current === next && view.current === editor) editor.dispatch({ effects: language.current.reconfigure(lang ?? []) });
      })
      .catch((error: unknown) => console.warn(`vigil: no syntax highlighting for ${next}`, error));
  };

  // Built once per label; `extensions()` and `showFile` read only refs, so the deps are complete.
  useEffect(() => {
    if (!parent.current) return;
    const editor = new EditorView({ parent: parent.current });
    view.current = editor;
    showFile(editor, latest.current.path);
    const cache = states.current;
    return () => {
      editor.destroy();
      view.current = null;
      currentPath.current = null;
      cache.clear();
    };
  }, [label, describedBy]);

  useEffect(() => {
    if (view.current) showFile(view.current, path);
  }, [path]);

  // A change from outside (reload from disk): replace the text, keeping the undo history.
  useEffect(() => {
    const editor = view.current;
    if (editor && currentPath.current === path && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value, path]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || !reveal) return;
    const line = editor.state.doc.line(Math.min(Math.max(1, reveal.line), editor.state.doc.lines));
    editor.dispatch({ selection: { anchor: line.from, head: line.to }, effects: EditorView.scrollIntoView(line.from, { y: 'center' }) });
    editor.focus();
  }, [reveal]);

  return <div ref={parent} className="code-editor" data-testid="code-editor" data-path={path} />;
}
