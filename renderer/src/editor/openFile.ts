/**
 * One file open in the workspace editor: what is on disk, what the candidate typed, and what to do
 * when the shell changes the file meanwhile. A pure reducer, so the "changed on disk" rules are
 * tested without a DOM:
 * - a change on disk replaces a clean buffer at once;
 * - it never clobbers unsaved edits: the editor offers "reload" (take the disk's) or "keep mine"
 *   (the next save overwrites the disk's);
 * - the editor's own save, reported back as a change, is recognised by its content and ignored.
 */
export interface OpenFile {
  path: string;
  status: 'loading' | 'ready' | 'error';
  /** The content on disk when last read or saved. */
  disk: string;
  mtimeMs: number;
  /** What the editor shows. Dirty when it differs from `disk`. */
  draft: string;
  conflict: { content: string; mtimeMs: number } | null;
  deletedOnDisk: boolean;
  saving: boolean;
  error: string | null;
}

export type OpenFileAction =
  | { type: 'loaded'; content: string; mtimeMs: number }
  | { type: 'load-failed'; error: string }
  | { type: 'edited'; draft: string }
  | { type: 'disk-changed'; content: string; mtimeMs: number }
  | { type: 'disk-deleted' }
  | { type: 'saving' }
  | { type: 'saved'; content: string; mtimeMs: number }
  | { type: 'save-failed'; error: string }
  | { type: 'reload' }
  | { type: 'keep-mine' };

export function openingFile(path: string): OpenFile {
  return { path, status: 'loading', disk: '', mtimeMs: 0, draft: '', conflict: null, deletedOnDisk: false, saving: false, error: null };
}

export function isDirty(file: OpenFile): boolean {
  return file.status === 'ready' && (file.draft !== file.disk || file.deletedOnDisk);
}

export function openFileReducer(file: OpenFile, action: OpenFileAction): OpenFile {
  switch (action.type) {
    case 'loaded':
      return { ...file, status: 'ready', disk: action.content, draft: action.content, mtimeMs: action.mtimeMs, conflict: null, deletedOnDisk: false, error: null };
    case 'load-failed':
      return { ...file, status: 'error', error: action.error };
    case 'edited':
      return { ...file, draft: action.draft };
    case 'disk-changed': {
      if (file.status !== 'ready') return { ...file, status: 'ready', disk: action.content, draft: action.content, mtimeMs: action.mtimeMs, error: null };
      if (action.content === file.disk) return { ...file, mtimeMs: action.mtimeMs, deletedOnDisk: false };
      // The candidate already has exactly this text (e.g. typed the same): nothing to choose.
      if (action.content === file.draft) return { ...file, disk: action.content, mtimeMs: action.mtimeMs, conflict: null, deletedOnDisk: false };
      if (file.draft === file.disk && !file.deletedOnDisk) return { ...file, disk: action.content, draft: action.content, mtimeMs: action.mtimeMs, conflict: null };
      return { ...file, conflict: { content: action.content, mtimeMs: action.mtimeMs }, deletedOnDisk: false };
    }
    case 'disk-deleted':
      return { ...file, deletedOnDisk: true, conflict: null };
    case 'saving':
      return { ...file, saving: true, error: null };
    case 'saved':
      return { ...file, saving: false, disk: action.content, mtimeMs: action.mtimeMs, conflict: null, deletedOnDisk: false, error: null };
    case 'save-failed':
      return { ...file, saving: false, error: action.error };
    case 'reload':
      return file.conflict ? { ...file, disk: file.conflict.content, draft: file.conflict.content, mtimeMs: file.conflict.mtimeMs, conflict: null } : file;
    case 'keep-mine':
      return file.conflict ? { ...file, disk: file.conflict.content, mtimeMs: file.conflict.mtimeMs, conflict: null } : file;
  }
}
