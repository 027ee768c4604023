/**
 * What was last copied inside the exam, for the `isolated` clipboard policy (a paste goes through
 * only when it is that text). One memory per page, shared by the terminal, the editor and any other
 * exam view: call `rememberCopy` whenever the exam copies text, `lastCopied` when pasting. It lives
 * in this page's memory only, never in storage.
 */
let last: string | null = null;

export function rememberCopy(text: string): void {
  if (text.length > 0) last = text;
}

export function lastCopied(): string | null {
  return last;
}

export function clearClipboardMemory(): void {
  last = null;
}

/**
 * The text a copy/cut event copies: what an editor (CodeMirror, xterm) put on the clipboard when it
 * handled the event itself, else a text field's selected range, else the page selection.
 */
export function selectionTextOf(event: Event): string {
  if (event.defaultPrevented) return (event as ClipboardEvent).clipboardData?.getData('text/plain') ?? '';
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    const { selectionStart: start, selectionEnd: end } = target;
    if (start !== null && end !== null && end > start) return target.value.slice(start, end);
  }
  return target instanceof Node ? (target.ownerDocument?.getSelection()?.toString() ?? '') : '';
}

const installed = new WeakSet<Document>();

/**
 * Remembers every copy and cut made anywhere in the page (prompt text, answers, the editor, the
 * terminal), so it can be pasted into the terminal or the editor under `isolated`. Bubble phase, so
 * editors have put their text on the clipboard first. Idempotent per document.
 */
export function rememberPageCopies(doc: Document): void {
  if (installed.has(doc)) return;
  installed.add(doc);
  const onCopy = (event: Event) => rememberCopy(selectionTextOf(event));
  doc.addEventListener('copy', onCopy);
  doc.addEventListener('cut', onCopy);
}
