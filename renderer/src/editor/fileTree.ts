import type { WorkspaceEntry } from '../../../shared/workspace.js';

/**
 * The workspace's file tree as the tree view shows it, and the WAI-ARIA tree keyboard model
 * (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/) as a pure function, so it is tested
 * without a DOM.
 */
export interface TreeNode {
  path: string;
  name: string;
  kind: 'file' | 'dir';
  depth: number;
  children: TreeNode[];
}

/** A visible row: the node with its position among its siblings (aria-setsize / aria-posinset). */
export interface TreeRow {
  node: TreeNode;
  parent: string | null;
  setSize: number;
  posInSet: number;
}

function compare(a: TreeNode, b: TreeNode): number {
  if (a.kind !== b.kind) return a.kind === 'dir' ? -1 : 1;
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Builds the tree from a listing in any order; folders a listing implies but omits are added. */
export function buildTree(entries: readonly WorkspaceEntry[]): TreeNode[] {
  const byPath = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  const ensure = (path: string, kind: 'file' | 'dir'): TreeNode => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const parts = path.split('/');
    const node: TreeNode = { path, name: parts[parts.length - 1] ?? path, kind, depth: parts.length, children: [] };
    byPath.set(path, node);
    if (parts.length === 1) roots.push(node);
    else ensure(parts.slice(0, -1).join('/'), 'dir').children.push(node);
    return node;
  };
  for (const entry of entries) ensure(entry.path, entry.kind);
  const sortAll = (nodes: TreeNode[]) => {
    nodes.sort(compare);
    for (const n of nodes) sortAll(n.children);
  };
  sortAll(roots);
  return roots;
}

/** The rows on screen: every root, and the children of expanded folders, in order. */
export function visibleRows(roots: readonly TreeNode[], expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly TreeNode[], parent: string | null) => {
    nodes.forEach((node, i) => {
      rows.push({ node, parent, setSize: nodes.length, posInSet: i + 1 });
      if (node.kind === 'dir' && expanded.has(node.path)) walk(node.children, node.path);
    });
  };
  walk(roots, null);
  return rows;
}

export type TreeCommand =
  | { type: 'focus'; path: string }
  | { type: 'expand'; path: string }
  | { type: 'collapse'; path: string; focus?: string }
  | { type: 'open'; path: string };

/**
 * What a key does on the focused row: arrows move and open/close folders, Home/End jump, Enter
 * and Space open a file or toggle a folder, a printable character jumps to the next row starting
 * with it. Null when the key is not the tree's.
 */
export function treeKeyCommand(rows: readonly TreeRow[], focused: string | null, expanded: ReadonlySet<string>, key: string): TreeCommand | null {
  if (rows.length === 0) return null;
  const index = Math.max(0, rows.findIndex((r) => r.node.path === focused));
  const row = rows[index] as TreeRow;
  const node = row.node;
  const isOpenDir = node.kind === 'dir' && expanded.has(node.path);
  switch (key) {
    case 'ArrowDown': {
      const next = rows[index + 1];
      return next ? { type: 'focus', path: next.node.path } : null;
    }
    case 'ArrowUp': {
      const prev = rows[index - 1];
      return prev ? { type: 'focus', path: prev.node.path } : null;
    }
    case 'ArrowRight':
      if (node.kind !== 'dir') return null;
      if (!isOpenDir) return { type: 'expand', path: node.path };
      return node.children[0] ? { type: 'focus', path: node.children[0].path } : null;
    case 'ArrowLeft':
      if (isOpenDir) return { type: 'collapse', path: node.path };
      return row.parent ? { type: 'focus', path: row.parent } : null;
    case 'Home':
      return { type: 'focus', path: (rows[0] as TreeRow).node.path };
    case 'End':
      return { type: 'focus', path: (rows[rows.length - 1] as TreeRow).node.path };
    case 'Enter':
    case ' ':
      if (node.kind === 'file') return { type: 'open', path: node.path };
      return isOpenDir ? { type: 'collapse', path: node.path } : { type: 'expand', path: node.path };
    default: {
      if (key.length !== 1 || key === ' ') return null;
      const ch = key.toLowerCase();
      for (let step = 1; step <= rows.length; step++) {
        const candidate = rows[(index + step) % rows.length] as TreeRow;
        if (candidate.node.name.toLowerCase().startsWith(ch)) return { type: 'focus', path: candidate.node.path };
      }
      return null;
    }
  }
}

/** Folders to open so that `path` is visible: all its ancestors. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
