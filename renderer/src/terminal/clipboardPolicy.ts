/**
 * The exam's clipboard policy (`exam.policy.clipboard`, DESIGN 6) applied to one copy or paste in
 * the terminal or the code editor, with the same meaning as the page's guards
 * (renderer/src/guards/installGuards.ts), which see every paste first:
 * - `allow`: the system clipboard, both ways.
 * - `isolated`: copies go to the system clipboard and are remembered (clipboardMemory.ts); a paste
 *   goes through only when the clipboard holds exactly the text last copied inside the exam, so
 *   nothing from outside comes in.
 * - `block`: no paste, and the terminal and editor do not copy either.
 */
export type ClipboardPolicy = 'allow' | 'isolated' | 'block';

export type CopyDecision = { kind: 'system' } | { kind: 'refuse'; reason: string };
export type PasteDecision = { kind: 'paste'; text: string } | { kind: 'refuse'; reason: string };

export const BLOCKED_REASON = 'Copy and paste are turned off for this exam.';
export const ISOLATED_REASON = 'Only text copied inside the exam can be pasted.';

/** Line endings change on the way through some OS clipboards (Windows adds \r). */
export function normalizeClipboardText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function decideCopy(policy: ClipboardPolicy): CopyDecision {
  return policy === 'block' ? { kind: 'refuse', reason: BLOCKED_REASON } : { kind: 'system' };
}

/** `fromSystem` is the text of the paste event (null when unreadable); `fromExam` the clipboard memory. */
export function decidePaste(policy: ClipboardPolicy, fromSystem: string | null, fromExam: string | null): PasteDecision {
  switch (policy) {
    case 'allow':
      return fromSystem ? { kind: 'paste', text: fromSystem } : { kind: 'refuse', reason: 'The clipboard is empty.' };
    case 'isolated':
      return fromSystem && fromExam !== null && normalizeClipboardText(fromSystem) === normalizeClipboardText(fromExam)
        ? { kind: 'paste', text: fromSystem }
        : { kind: 'refuse', reason: ISOLATED_REASON };
    case 'block':
      return { kind: 'refuse', reason: BLOCKED_REASON };
  }
}
