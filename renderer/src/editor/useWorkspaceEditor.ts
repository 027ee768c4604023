import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { WorkspaceEntry } from '../../../shared/workspace.js';
import { useApp, useAppStore } from '../store/StoreProvider.js';
import { fileKey } from '../store/workspaceSlice.js';
import type { CodingApi } from '../terminal/codingApi.js';
import { isDirty, openFileReducer, openingFile, type OpenFile, type OpenFileAction } from './openFile.js';

export type FileSaveState = 'saved' | 'saving' | 'failed' | 'conflict';

export interface WorkspaceEditor {
  itemId: string;
  entries: WorkspaceEntry[];
  truncated: boolean;
  listError: string | null;
  refreshList(): Promise<void>;
  files: Record<string, OpenFile>;
  /** Open files, in tab order. */
  tabs: string[];
  active: string | null;
  /** A line to show in the active file (a failing test's), with a nonce to repeat it. */
  reveal: { path: string; line: number; nonce: number } | null;
  open(path: string, line?: number): Promise<void>;
  close(path: string): void;
  edit(draft: string): void;
  /** Sends every pending file save now (Ctrl+S). */
  saveNow(): void;
  /** Every buffer durable; false when one could not be saved. */
  flush(): Promise<boolean>;
  takeDisk(path: string): void;
  keepMine(path: string): void;
  saveStateOf(path: string): FileSaveState;
  dirtyPaths: ReadonlySet<string>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

interface OpenTabs {
  tabs: string[];
  active: string | null;
}
const isOpenTabs = (v: unknown): v is OpenTabs =>
  typeof v === 'object' && v !== null && Array.isArray((v as OpenTabs).tabs) && (v as OpenTabs).tabs.every((t) => typeof t === 'string');

/**
 * The file the editor opens on arrival: the one the task names (`mainFile`), else its README,
 * else the first file the prompt names in code (`sum.js`), else the first file at the top.
 */
export function arrivalFile(entries: readonly WorkspaceEntry[], mainFile: string | null, prompt = ''): string | null {
  const files = entries.filter((e) => e.kind === 'file');
  if (mainFile && files.some((f) => f.path === mainFile)) return mainFile;
  const readme = files.find((f) => /^readme(\.md|\.txt)?$/i.test(f.path));
  if (readme) return readme.path;
  const named = [...prompt.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]).find((name) => files.some((f) => f.path === name));
  if (named) return named;
  return files.find((f) => !f.path.includes('/'))?.path ?? files[0]?.path ?? null;
}

/**
 * The workspace's files and open editor buffers for one coding item (issue 18): listing, tabs,
 * autosave through the store's file queue (workspaceSlice.ts), the "changed on disk" rules of
 * openFile.ts, and buffers restored after a reload from their local copy. The open tabs are kept
 * per attempt, so coming back to the item shows what was open.
 *
 * `ready` settles when the workspace may be touched (the first shell open creates it; two first
 * uses at once would race).
 */
export function useWorkspaceEditor({ itemId, api, ready, mainFile, prompt = '', language }: { itemId: string; api: CodingApi; ready?: Promise<void>; mainFile: string | null; prompt?: string; language?: string }): WorkspaceEditor {
  const store = useAppStore();
  const attemptId = useApp((s) => s.attempt?.attemptId ?? 'none');
  const fileSave = useApp((s) => s.fileSave);
  const fileConflicts = useApp((s) => s.fileConflicts);
  // Per language: after a switch the other language's tabs name files the new starter lacks.
  const tabsKey = `vigil:tabs:${attemptId}:${itemId}${language ? `:${language}` : ''}`;
  const [entries, setEntries] = useState<WorkspaceEntry[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [listError, setListError] = useState<string | null>(null);
  const [files, setFiles] = useState<Record<string, OpenFile>>({});
  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [reveal, setReveal] = useState<WorkspaceEditor['reveal']>(null);
  const filesRef = useRef(files);
  const alive = useRef(true);
  const arrived = useRef(false);

  /** Applies an action to one file now (the ref too, so a caller can read the result at once). */
  const update = useCallback((path: string, action: OpenFileAction): OpenFile | undefined => {
    const file = filesRef.current[path];
    if (!file || !alive.current) return undefined;
    const next = openFileReducer(file, action);
    filesRef.current = { ...filesRef.current, [path]: next };
    setFiles(filesRef.current);
    return next;
  }, []);

  const put = useCallback((file: OpenFile) => {
    filesRef.current = { ...filesRef.current, [file.path]: file };
    setFiles(filesRef.current);
  }, []);

  const refreshList = useCallback(async () => {
    try {
      const result = await api.workspaceList({ itemId });
      if (!alive.current) return;
      setEntries(result.entries);
      setTruncated(result.truncated);
      setListError(null);
    } catch (error) {
      if (alive.current) setListError(message(error));
    }
  }, [api, itemId]);

  const reread = useCallback(
    async (path: string) => {
      try {
        const { content, mtimeMs } = await api.workspaceRead({ itemId, path });
        update(path, { type: 'disk-changed', content, mtimeMs });
      } catch (error) {
        if (errorCode(error) === 'not-found') update(path, { type: 'disk-deleted' });
        else console.warn(`vigil: could not re-read ${path}`, error);
      }
    },
    [api, itemId, update],
  );

  const load = useCallback(
    async (path: string) => {
      put(openingFile(path));
      try {
        const { content, mtimeMs } = await api.workspaceRead({ itemId, path });
        const kept = store.getState().readDraft(itemId, path);
        if (kept && kept.draft !== content) {
          // A buffer not saved before a reload: typed over this very text, it is simply unsaved again;
          // typed over another text (the shell changed the file since), the candidate chooses.
          update(path, { type: 'loaded', content: kept.base, mtimeMs: kept.mtimeMs });
          update(path, { type: 'edited', draft: kept.draft });
          if (kept.base === content) {
            update(path, { type: 'disk-changed', content, mtimeMs });
            store.getState().editFile(itemId, path, { draft: kept.draft, base: content, mtimeMs });
          } else {
            update(path, { type: 'disk-changed', content, mtimeMs });
          }
        } else {
          update(path, { type: 'loaded', content, mtimeMs });
        }
      } catch (error) {
        update(path, { type: 'load-failed', error: message(error) });
      }
    },
    [api, itemId, put, update, store],
  );

  const open = useCallback(
    async (path: string, line?: number) => {
      setActive(path);
      setTabs((prev) => (prev.includes(path) ? prev : [...prev, path]));
      if (line !== undefined) setReveal({ path, line, nonce: Date.now() });
      const existing = filesRef.current[path];
      if (existing && existing.status !== 'error') return;
      await load(path);
    },
    [load],
  );

  const close = useCallback((path: string) => {
    store.getState().saveFileNow();
    setTabs((prev) => {
      const at = prev.indexOf(path);
      const next = prev.filter((p) => p !== path);
      setActive((current) => (current === path ? (next[Math.min(at, next.length - 1)] ?? null) : current));
      return next;
    });
  }, [store]);

  // First listing, the remembered tabs (or the task's main file), and the workspace's changes.
  useEffect(() => {
    alive.current = true;
    void (ready ?? Promise.resolve()).then(async () => {
      await refreshList();
      if (!alive.current || arrived.current) return;
      arrived.current = true;
      const remembered = store.getState().readLocal(tabsKey, isOpenTabs);
      if (remembered && remembered.tabs.length > 0) {
        for (const path of remembered.tabs) void open(path);
        if (remembered.active) void open(remembered.active);
        return;
      }
      const listing = await api.workspaceList({ itemId }).catch(() => null);
      const first = listing ? arrivalFile(listing.entries, mainFile, prompt) : null;
      if (first && alive.current) void open(first);
    });
    const stopChanged = api.on('workspaceChanged', (event) => {
      if (event.itemId !== itemId) return;
      void refreshList();
      for (const path of event.paths) if (filesRef.current[path]) void reread(path);
    });
    const stopSaved = store.getState().onFileSaved((savedItem, path, content, mtimeMs) => {
      if (savedItem === itemId) update(path, { type: 'saved', content, mtimeMs });
    });
    const stopConflict = store.getState().onFileConflict((conflictItem, path) => {
      if (conflictItem === itemId && filesRef.current[path]) void reread(path);
    });
    const onHide = () => store.getState().saveFileNow();
    window.addEventListener('pagehide', onHide);
    return () => {
      alive.current = false;
      stopChanged();
      stopSaved();
      stopConflict();
      window.removeEventListener('pagehide', onHide);
      // Leaving the item: what is pending goes now, not after the debounce.
      store.getState().saveFileNow();
    };
    // mainFile, prompt and tabsKey are read once, on arrival.
  }, [api, itemId, refreshList, reread, ready, store, update]);

  useEffect(() => {
    if (arrived.current) store.getState().writeLocal(tabsKey, { tabs, active } satisfies OpenTabs);
  }, [tabs, active, tabsKey, store]);

  // A file whose disk copy moved on under unsaved edits waits for a choice: the save indicator says so.
  useEffect(() => {
    for (const file of Object.values(files)) {
      if (file.conflict) {
        store.getState().setFileConflict(itemId, file.path, true);
        store.getState().discardFile(itemId, file.path, { keepDraft: true });
      }
    }
  }, [files, itemId, store]);

  const edit = useCallback(
    (draft: string) => {
      const path = active;
      if (!path) return;
      const next = update(path, { type: 'edited', draft });
      if (!next || next.status !== 'ready' || next.conflict) return;
      // Back to the disk's text (undo, or the editor following the disk): nothing to save.
      if (next.draft === next.disk && !next.deletedOnDisk) {
        store.getState().discardFile(itemId, path);
        return;
      }
      store.getState().editFile(itemId, path, { draft, base: next.disk, mtimeMs: next.mtimeMs });
    },
    [active, update, store, itemId],
  );

  const keepMine = useCallback(
    (path: string) => {
      const next = update(path, { type: 'keep-mine' });
      store.getState().setFileConflict(itemId, path, false);
      if (next) store.getState().editFile(itemId, path, { draft: next.draft, base: next.disk, mtimeMs: next.mtimeMs });
      store.getState().saveFileNow();
    },
    [update, store, itemId],
  );

  const takeDisk = useCallback(
    (path: string) => {
      update(path, { type: 'reload' });
      store.getState().discardFile(itemId, path);
    },
    [update, store, itemId],
  );

  const dirtyPaths = useMemo(() => new Set(Object.values(files).filter(isDirty).map((f) => f.path)), [files]);

  const saveStateOf = useCallback(
    (path: string): FileSaveState => {
      const key = fileKey(itemId, path);
      if (fileConflicts.includes(key) || filesRef.current[path]?.conflict) return 'conflict';
      if (fileSave.unsaved.includes(key)) return fileSave.status === 'failed' ? 'failed' : 'saving';
      return 'saved';
    },
    [fileConflicts, fileSave, itemId],
  );

  return {
    itemId,
    entries,
    truncated,
    listError,
    refreshList,
    files,
    tabs,
    active,
    reveal,
    open,
    close,
    edit,
    saveNow: () => store.getState().saveFileNow(),
    flush: () => store.getState().flushFiles(),
    takeDisk,
    keepMine,
    saveStateOf,
    dirtyPaths,
  };
}
