import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildTree, treeKeyCommand, visibleRows } from '../../../../renderer/src/editor/fileTree.js';

const entries = [
  { path: 'sum.js', kind: 'file' as const, size: 1, mtimeMs: 0 },
  { path: 'src/lib/util.js', kind: 'file' as const, size: 1, mtimeMs: 0 },
  { path: 'src', kind: 'dir' as const, size: 0, mtimeMs: 0 },
  { path: 'README.md', kind: 'file' as const, size: 1, mtimeMs: 0 },
  { path: 'src/index.js', kind: 'file' as const, size: 1, mtimeMs: 0 },
];

const paths = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => r.node.path);

describe('the file tree model', () => {
  it('builds folders first, then files, adding folders the listing implies', () => {
    const roots = buildTree(entries);
    expect(roots.map((n) => n.path)).toEqual(['src', 'README.md', 'sum.js']);
    const src = roots[0];
    expect(src?.children.map((n) => n.path)).toEqual(['src/lib', 'src/index.js']);
    expect(src?.children[0]?.kind).toBe('dir');
    expect(src?.children[0]?.depth).toBe(2);
  });

  it('shows the children of expanded folders only, with set size and position', () => {
    const roots = buildTree(entries);
    expect(paths(visibleRows(roots, new Set()))).toEqual(['src', 'README.md', 'sum.js']);
    const rows = visibleRows(roots, new Set(['src', 'src/lib']));
    expect(paths(rows)).toEqual(['src', 'src/lib', 'src/lib/util.js', 'src/index.js', 'README.md', 'sum.js']);
    expect(rows[1]).toMatchObject({ parent: 'src', setSize: 2, posInSet: 1 });
  });

  it('implements the ARIA tree keys', () => {
    const roots = buildTree(entries);
    const closed = new Set<string>();
    const open = new Set(['src']);
    expect(treeKeyCommand(visibleRows(roots, closed), 'src', closed, 'ArrowDown')).toEqual({ type: 'focus', path: 'README.md' });
    expect(treeKeyCommand(visibleRows(roots, closed), 'src', closed, 'ArrowUp')).toBeNull();
    expect(treeKeyCommand(visibleRows(roots, closed), 'src', closed, 'ArrowRight')).toEqual({ type: 'expand', path: 'src' });
    expect(treeKeyCommand(visibleRows(roots, open), 'src', open, 'ArrowRight')).toEqual({ type: 'focus', path: 'src/lib' });
    expect(treeKeyCommand(visibleRows(roots, open), 'src', open, 'ArrowLeft')).toEqual({ type: 'collapse', path: 'src' });
    expect(treeKeyCommand(visibleRows(roots, open), 'src/index.js', open, 'ArrowLeft')).toEqual({ type: 'focus', path: 'src' });
    expect(treeKeyCommand(visibleRows(roots, open), 'src/index.js', open, 'Enter')).toEqual({ type: 'open', path: 'src/index.js' });
    expect(treeKeyCommand(visibleRows(roots, open), 'src', open, 'Enter')).toEqual({ type: 'collapse', path: 'src' });
    expect(treeKeyCommand(visibleRows(roots, open), 'src', open, 'End')).toEqual({ type: 'focus', path: 'sum.js' });
    expect(treeKeyCommand(visibleRows(roots, open), 'sum.js', open, 'Home')).toEqual({ type: 'focus', path: 'src' });
    expect(treeKeyCommand(visibleRows(roots, open), 'sum.js', open, 'Tab')).toBeNull();
  });

  it('jumps to the next row starting with a typed character, wrapping around', () => {
    const roots = buildTree(entries);
    const rows = visibleRows(roots, new Set());
    expect(treeKeyCommand(rows, 'src', new Set(), 's')).toEqual({ type: 'focus', path: 'sum.js' });
    expect(treeKeyCommand(rows, 'sum.js', new Set(), 'S')).toEqual({ type: 'focus', path: 'src' });
    expect(treeKeyCommand(rows, 'sum.js', new Set(), 'z')).toBeNull();
  });

  it('names the folders to open for a path', () => {
    expect(ancestorsOf('a/b/c.js')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('c.js')).toEqual([]);
  });
});
