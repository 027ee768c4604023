/**
 * The exam's clipboard policy (`exam.policy.clipboard`, DESIGN 6) applied to one copy or paste:
 * - `allow`: the system clipboard, both ways.
 * - `isolated`: copies go to the exam's own memory (clipboardMemory.ts), never to the system
 *   clipboard; a paste inserts what was last copied inside the exam, whatever the system
 *   clipboard holds, and nothing when nothing was copied yet.
 * - `block`: no copy, no paste.
 */
export type ClipboardPolicy = 'allow' | 'isolated' | 'block';

export type CopyDecision = { kind: 'system' } | { kind: 'memory-only' } | { kind: 'refuse'; reason: string };
export type PasteDecision = { kind: 'paste'; text: string } | { kind: 'refuse'; reason: string };

export const BLOCKED_REASON = 'Copy and paste are turned off for this exam.';
export const ISOLATED_EMPTY_REASON = 'Only text copied inside the exam can be pasted, and nothing has been copied yet.';

export function decideCopy(policy: ClipboardPolicy): CopyDecision {
  switch (policy) {
    case 'allow':
      return { kind: 'system' };
    case 'isolated':
      return { kind: 'memory-only' };
    case 'block':
      return { kind: 'refuse', reason: BLOCKED_REASON };
  }
}

/** `fromSystem` is the text of the paste event (or null when unreadable); `fromExam` the clipboard memory. */
export function decidePaste(policy: ClipboardPolicy, fromSystem: string | null, fromExam: string | null): PasteDecision {
  switch (policy) {
    case 'allow':
      return fromSystem ? { kind: 'paste', text: fromSystem } : { kind: 'refuse', reason: 'The clipboard is empty.' };
    case 'isolated':
      return fromExam ? { kind: 'paste', text: fromExam } : { kind: 'refuse', reason: ISOLATED_EMPTY_REASON };
    case 'block':
      return { kind: 'refuse', reason: BLOCKED_REASON };
  }
}
