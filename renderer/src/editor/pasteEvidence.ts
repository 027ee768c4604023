import { normalizeClipboardText, type ClipboardPolicy } from '../terminal/clipboardPolicy.js';

/** A paste at least this long (characters or lines) is journaled for the proctor whatever its origin. */
export const LARGE_PASTE_CHARS = 400;
export const LARGE_PASTE_LINES = 15;

export interface PasteEvidence {
  kind: 'paste-large' | 'paste-external';
  detail: string;
}

/**
 * What a paste the policy let through tells a proctor (issue 18): a large paste, and, where the
 * policy allows the system clipboard, a paste of text not copied inside the exam. Under
 * `isolated` an outside paste never gets here (it is refused and reported as clipboard-blocked).
 */
export function pasteEvidence(policy: ClipboardPolicy, text: string, copiedInExam: string | null, where: string): PasteEvidence[] {
  const lines = text.split(/\r\n|\r|\n/).length;
  const size = `${text.length} characters, ${lines} line${lines === 1 ? '' : 's'}`;
  const out: PasteEvidence[] = [];
  if (policy === 'allow' && (copiedInExam === null || normalizeClipboardText(copiedInExam) !== normalizeClipboardText(text))) {
    out.push({ kind: 'paste-external', detail: `pasted text from outside the exam into ${where} (${size})` });
  }
  if (text.length >= LARGE_PASTE_CHARS || lines >= LARGE_PASTE_LINES) {
    out.push({ kind: 'paste-large', detail: `large paste into ${where} (${size})` });
  }
  return out;
}
