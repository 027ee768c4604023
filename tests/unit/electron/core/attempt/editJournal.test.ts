import { describe, expect, it } from 'vitest';
import { EditJournal } from '../../../../../electron/core/attempt/editJournal.js';

describe('EditJournal', () => {
  it('carries the whole file only when the journal does not already end with the text the change applies to', () => {
    const j = new EditJournal();
    expect(j.entryFor('q', 'a.js', 'v1', 'v2')).toEqual({ itemId: 'q', path: 'a.js', from: 1, to: 2, insert: '2', base: 'v1', length: 2 });
    expect(j.entryFor('q', 'a.js', 'v2', 'v23')).toEqual({ itemId: 'q', path: 'a.js', from: 2, to: 2, insert: '3', length: 3 });
    // The shell changed the file in between: the next entry starts from the disk's text again.
    expect(j.entryFor('q', 'a.js', 'shell', 'shell!')).toMatchObject({ base: 'shell', insert: '!' });
    // Another file, another item: their own first entries.
    expect(j.entryFor('q', 'b.js', 'x', 'y')).toHaveProperty('base', 'x');
    expect(j.entryFor('r', 'a.js', 'v23', 'v234')).toHaveProperty('base', 'v23');
    expect(j.entryFor('q', 'a.js', 'same', 'same')).toBeNull();
  });
});
