import { ApiCallError } from '../api/apiCallError.js';
import { createSaveQueue, type SaveSnapshot } from './saveQueue.js';
import type { Slice, StoreDeps } from './storeTypes.js';

/**
 * Autosave of the coding workspace's editor buffers (issue 18): the answers' save queue
 * (saveQueue.ts: debounced, one write in flight per file, retried with backoff, acknowledged
 * only when the engine has fsync'ed the file) keyed by item and path. It lives in the store, not
 * in the editor, so a save still in flight when the candidate moves to another question lands.
 *
 * Each unsaved buffer is also kept in localStorage (`draftKey`) until the engine acknowledges it,
 * so a reload before the save finishes loses nothing: the editor restores it on opening the file.
 * A save the engine refuses because the shell changed the file (`conflict`) is not retried: the
 * file is listed in `fileConflicts` until the candidate chooses in the editor.
 */
export interface FileSaveValue {
  content: string;
  /** The disk mtime the buffer was edited against; the engine refuses the save if the file moved on. */
  ifMtimeMs?: number;
}

export interface FileDraft {
  draft: string;
  /** The disk content the draft was typed over. */
  base: string;
  mtimeMs: number;
}

export type FileSavedListener = (itemId: string, path: string, content: string, mtimeMs: number) => void;
export type FileConflictListener = (itemId: string, path: string) => void;

export interface WorkspaceSlice {
  fileSave: SaveSnapshot;
  /** "item\u0000path" of files whose save waits for the candidate's choice (changed on disk). */
  fileConflicts: string[];
  editFile(itemId: string, path: string, draft: FileDraft): void;
  /** Saves the file now (Ctrl+S, Run tests, leaving the item). */
  saveFileNow(): void;
  /** Takes the disk's version: the unsaved buffer is forgotten (`keepDraft`: only the pending write). */
  discardFile(itemId: string, path: string, options?: { keepDraft?: boolean }): void;
  setFileConflict(itemId: string, path: string, conflict: boolean): void;
  flushFiles(): Promise<boolean>;
  readDraft(itemId: string, path: string): FileDraft | null;
  onFileSaved(listener: FileSavedListener): () => void;
  onFileConflict(listener: FileConflictListener): () => void;
  stopFileSaves(): void;
  /** Small per-attempt UI memory (open tabs) in localStorage. */
  readLocal<T>(key: string, check: (value: unknown) => value is T): T | null;
  writeLocal(key: string, value: unknown): void;
}

export const fileKey = (itemId: string, path: string): string => `${itemId}\u0000${path}`;
const splitKey = (key: string): [string, string] => {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
};

function isFileDraft(value: unknown): value is FileDraft {
  const v = value as Partial<FileDraft> | null;
  return typeof v === 'object' && v !== null && typeof v.draft === 'string' && typeof v.base === 'string' && typeof v.mtimeMs === 'number';
}

export const createWorkspaceSlice =
  ({ api, now, timers, persist }: StoreDeps): Slice<WorkspaceSlice> =>
  (set, get) => {
    const saved = new Set<FileSavedListener>();
    const conflicts = new Set<FileConflictListener>();
    const draftKey = (key: string) => `vigil:draft:${get().attempt?.attemptId ?? 'none'}:${key}`;
    const queue = createSaveQueue<{ mtimeMs: number }>({
      save: (key, value) => {
        const [itemId, path] = splitKey(key);
        const { content, ifMtimeMs } = value as FileSaveValue;
        return api.workspaceWrite({ itemId, path, content, ...(ifMtimeMs !== undefined ? { ifMtimeMs } : {}) });
      },
      onChange: (fileSave) => set({ fileSave }),
      onSaved: (key, value, ack) => {
        const [itemId, path] = splitKey(key);
        const { content } = value as FileSaveValue;
        const kept = persist.read(draftKey(key), isFileDraft);
        if (kept && kept.draft === content) persist.write(draftKey(key), null);
        for (const l of saved) l(itemId, path, content, ack.mtimeMs);
      },
      onFailed: (key, _value, error) => {
        if (!(error instanceof ApiCallError) || error.code !== 'conflict') return;
        queue.discard(key);
        const [itemId, path] = splitKey(key);
        get().setFileConflict(itemId, path, true);
        for (const l of conflicts) l(itemId, path);
      },
      now,
      // Files are saved a little later than answers: a burst of typing becomes one write.
      idleMs: 500,
      maxWaitMs: 1500,
      ...(timers ? { timers } : {}),
    });
    return {
      fileSave: queue.snapshot(),
      fileConflicts: [],
      editFile(itemId, path, draft) {
        const key = fileKey(itemId, path);
        persist.write(draftKey(key), draft);
        queue.edit(key, { content: draft.draft, ifMtimeMs: draft.mtimeMs } satisfies FileSaveValue);
      },
      saveFileNow: () => queue.retryNow(),
      discardFile(itemId, path, options) {
        const key = fileKey(itemId, path);
        queue.discard(key);
        if (options?.keepDraft) return;
        persist.write(draftKey(key), null);
        get().setFileConflict(itemId, path, false);
      },
      setFileConflict(itemId, path, conflict) {
        const key = fileKey(itemId, path);
        const list = get().fileConflicts;
        if (conflict === list.includes(key)) return;
        set({ fileConflicts: conflict ? [...list, key] : list.filter((k) => k !== key) });
      },
      flushFiles: () => queue.flush(),
      readDraft: (itemId, path) => persist.read(draftKey(fileKey(itemId, path)), isFileDraft),
      onFileSaved(listener) {
        saved.add(listener);
        return () => saved.delete(listener);
      },
      onFileConflict(listener) {
        conflicts.add(listener);
        return () => conflicts.delete(listener);
      },
      stopFileSaves: () => queue.dispose(),
      readLocal: (key, check) => persist.read(key, check),
      writeLocal: (key, value) => persist.write(key, value),
    };
  };
