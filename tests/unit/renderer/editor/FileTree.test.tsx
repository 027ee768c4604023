// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileTree } from '../../../../renderer/src/editor/FileTree.js';

const entries = [
  { path: 'src', kind: 'dir' as const, size: 0, mtimeMs: 0 },
  { path: 'src/index.js', kind: 'file' as const, size: 1, mtimeMs: 0 },
  { path: 'sum.js', kind: 'file' as const, size: 1, mtimeMs: 0 },
];

afterEach(cleanup);

describe('the file tree', () => {
  it('is an ARIA tree with one Tab stop, driven by the arrow keys, Enter opening a file', () => {
    const onOpen = vi.fn();
    render(<FileTree entries={entries} openPath={null} onOpen={onOpen} label="Workspace files" />);
    const tree = screen.getByRole('tree', { name: 'Workspace files' });
    const items = screen.getAllByRole('treeitem');
    expect(items.map((i) => i.dataset.path)).toEqual(['src', 'src/index.js', 'sum.js']); // top folders start open
    expect(items.map((i) => i.tabIndex)).toEqual([0, -1, -1]);
    expect(items[0]?.getAttribute('aria-expanded')).toBe('true');
    expect(items[1]?.getAttribute('aria-level')).toBe('2');

    items[0]?.focus();
    fireEvent.keyDown(tree, { key: 'ArrowLeft' }); // close src
    expect(screen.getAllByRole('treeitem').map((i) => i.dataset.path)).toEqual(['src', 'sum.js']);
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-path')).toBe('sum.js');
    expect(screen.getAllByRole('treeitem').map((i) => i.tabIndex)).toEqual([-1, 0]);
    fireEvent.keyDown(tree, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('sum.js');
  });

  it('marks the open file selected and unsaved files in words', () => {
    render(<FileTree entries={entries} openPath="sum.js" dirtyPaths={new Set(['sum.js'])} onOpen={() => {}} label="Files" />);
    const item = screen.getAllByRole('treeitem').find((i) => i.dataset.path === 'sum.js');
    expect(item?.getAttribute('aria-selected')).toBe('true');
    expect(item?.textContent).toContain('(unsaved)');
    expect(item?.tabIndex).toBe(0);
  });
});
