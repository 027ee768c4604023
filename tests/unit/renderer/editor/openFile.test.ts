import { describe, expect, it } from 'vitest';
import { isDirty, openFileReducer, openingFile, type OpenFile, type OpenFileAction } from '../../../../renderer/src/editor/openFile.js';

const run = (file: OpenFile, ...actions: OpenFileAction[]) => actions.reduce(openFileReducer, file);
const loaded = () => run(openingFile('sum.js'), { type: 'loaded', content: 'v1', mtimeMs: 1 });

describe('an open file', () => {
  it('is dirty while the draft differs from the disk, and clean once saved', () => {
    let file = loaded();
    expect(isDirty(file)).toBe(false);
    file = run(file, { type: 'edited', draft: 'v2' });
    expect(isDirty(file)).toBe(true);
    file = run(file, { type: 'saving' }, { type: 'saved', content: 'v2', mtimeMs: 2 });
    expect(isDirty(file)).toBe(false);
    expect(file.saving).toBe(false);
  });

  it('follows the disk when it has no unsaved changes', () => {
    const file = run(loaded(), { type: 'disk-changed', content: 'from shell', mtimeMs: 2 });
    expect(file).toMatchObject({ draft: 'from shell', disk: 'from shell', conflict: null });
  });

  it('never clobbers unsaved changes: it asks, and "reload" or "keep mine" settles it', () => {
    const conflicted = run(loaded(), { type: 'edited', draft: 'mine' }, { type: 'disk-changed', content: 'theirs', mtimeMs: 2 });
    expect(conflicted.draft).toBe('mine');
    expect(conflicted.conflict).toEqual({ content: 'theirs', mtimeMs: 2 });

    const reloaded = run(conflicted, { type: 'reload' });
    expect(reloaded).toMatchObject({ draft: 'theirs', disk: 'theirs', conflict: null });
    expect(isDirty(reloaded)).toBe(false);

    const kept = run(conflicted, { type: 'keep-mine' });
    expect(kept).toMatchObject({ draft: 'mine', disk: 'theirs', conflict: null });
    expect(isDirty(kept)).toBe(true);
  });

  it('ignores its own save coming back as a change on disk', () => {
    const file = run(loaded(), { type: 'edited', draft: 'v2' }, { type: 'saved', content: 'v2', mtimeMs: 2 }, { type: 'edited', draft: 'v2 and more' }, { type: 'disk-changed', content: 'v2', mtimeMs: 2 });
    expect(file.conflict).toBeNull();
    expect(file.draft).toBe('v2 and more');
  });

  it('marks a file deleted on disk as needing a save, keeping the text', () => {
    const file = run(loaded(), { type: 'disk-deleted' });
    expect(file.draft).toBe('v1');
    expect(isDirty(file)).toBe(true);
    expect(isDirty(run(file, { type: 'saved', content: 'v1', mtimeMs: 3 }))).toBe(false);
  });

  it('keeps the error of a failed save and the draft', () => {
    const file = run(loaded(), { type: 'edited', draft: 'v2' }, { type: 'saving' }, { type: 'save-failed', error: 'disk full' });
    expect(file).toMatchObject({ saving: false, error: 'disk full', draft: 'v2' });
    expect(isDirty(file)).toBe(true);
  });
});
