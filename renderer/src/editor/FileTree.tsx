import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { WorkspaceEntry } from '../../../shared/workspace.js';
import { ancestorsOf, buildTree, treeKeyCommand, visibleRows, type TreeCommand } from './fileTree.js';

export interface FileTreeProps {
  entries: readonly WorkspaceEntry[];
  /** The file open in the editor (shown as selected). */
  openPath: string | null;
  /** Files with unsaved changes. */
  dirtyPaths?: ReadonlySet<string>;
  onOpen(path: string): void;
  label: string;
}

/**
 * The workspace's files as an accessible tree (role=tree/treeitem): one Tab stop, arrows move,
 * Right/Left open and close folders, Enter opens a file, Home/End, type-ahead. Folders start
 * open down to the first level so a small task's files are all in sight.
 */
export function FileTree({ entries, openPath, dirtyPaths, onOpen, label }: FileTreeProps) {
  const roots = useMemo(() => buildTree(entries), [entries]);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(roots.filter((r) => r.kind === 'dir').map((r) => r.path)));
  const [focused, setFocused] = useState<string | null>(null);
  const rows = useMemo(() => visibleRows(roots, expanded), [roots, expanded]);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());
  const moveFocus = useRef(false);

  // The open file's folders are opened so it can be seen.
  useEffect(() => {
    if (!openPath) return;
    const needed = ancestorsOf(openPath).filter((p) => !expanded.has(p));
    if (needed.length > 0) setExpanded((prev) => new Set([...prev, ...needed]));
    // Only when the open file changes; the candidate may close its folder afterwards.
  }, [openPath]);

  const tabStop = rows.some((r) => r.node.path === focused) ? focused : (rows.find((r) => r.node.path === openPath)?.node.path ?? rows[0]?.node.path ?? null);

  useEffect(() => {
    if (!moveFocus.current || !tabStop) return;
    moveFocus.current = false;
    itemRefs.current.get(tabStop)?.focus();
  }, [tabStop, rows]);

  const apply = (command: TreeCommand) => {
    switch (command.type) {
      case 'focus':
        moveFocus.current = true;
        setFocused(command.path);
        break;
      case 'expand':
        setExpanded((prev) => new Set([...prev, command.path]));
        break;
      case 'collapse':
        setExpanded((prev) => {
          const next = new Set(prev);
          next.delete(command.path);
          return next;
        });
        break;
      case 'open':
        onOpen(command.path);
        break;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const command = treeKeyCommand(rows, tabStop, expanded, event.key);
    if (!command) return;
    event.preventDefault();
    apply(command);
  };

  if (rows.length === 0) return <p className="file-tree-empty">No files yet.</p>;

  return (
    <ul role="tree" aria-label={label} className="file-tree" onKeyDown={onKeyDown} data-testid="file-tree">
      {rows.map(({ node, setSize, posInSet }) => {
        const isDir = node.kind === 'dir';
        const open = isDir && expanded.has(node.path);
        const dirty = dirtyPaths?.has(node.path) ?? false;
        return (
          <li
            key={node.path}
            ref={(el) => {
              if (el) itemRefs.current.set(node.path, el);
              else itemRefs.current.delete(node.path);
            }}
            role="treeitem"
            aria-level={node.depth}
            aria-setsize={setSize}
            aria-posinset={posInSet}
            aria-expanded={isDir ? open : undefined}
            aria-selected={node.path === openPath}
            tabIndex={node.path === tabStop ? 0 : -1}
            className={`file-tree-item${node.path === openPath ? ' is-open' : ''}`}
            style={{ paddingInlineStart: `${(node.depth - 1) * 1 + 0.25}rem` }}
            data-path={node.path}
            onFocus={() => setFocused(node.path)}
            onClick={(event) => {
              event.stopPropagation();
              setFocused(node.path);
              apply(isDir ? (open ? { type: 'collapse', path: node.path } : { type: 'expand', path: node.path }) : { type: 'open', path: node.path });
            }}
          >
            <span aria-hidden="true" className="file-tree-icon">
              {isDir ? (open ? '▾ ' : '▸ ') : '· '}
            </span>
            {node.name}
            {dirty ? (
              <span className="file-tree-dirty">
                <span aria-hidden="true"> ●</span>
                <span className="sr-only"> (unsaved)</span>
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
