/**
 * What was last copied inside the exam, for the `isolated` clipboard policy (only text copied
 * inside the exam may be pasted). One memory per page, shared by the terminal, the editor and any
 * other exam view: call `rememberCopy` whenever the exam copies text, `lastCopied` when pasting.
 *
 * It lives only in this page's memory (never the system clipboard, never storage), so nothing
 * copied in the exam leaves it and nothing from outside can come in.
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

/** The text a copy/cut event is about to copy: an input's selected range, else the page selection. */
export function selectionTextOf(event: Event): string {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
    const { selectionStart: start, selectionEnd: end } = target;
    if (start !== null && end !== null && end > start) return target.value.slice(start, end);
  }
  return target instanceof Node ? (target.ownerDocument?.getSelection()?.toString() ?? '') : '';
}

const installed = new WeakSet<Document>();

/**
 * Remembers every copy and cut made anywhere in the page (prompt text, answers, the editor), so
 * it can be pasted into the terminal under `isolated`. Idempotent per document; the terminal
 * records its own copies itself (its selection is not a DOM selection).
 */
export function rememberPageCopies(doc: Document): void {
  if (installed.has(doc)) return;
  installed.add(doc);
  const onCopy = (event: Event) => {
    if (event.defaultPrevented) return;
    rememberCopy(selectionTextOf(event));
  };
  doc.addEventListener('copy', onCopy);
  doc.addEventListener('cut', onCopy);
}
