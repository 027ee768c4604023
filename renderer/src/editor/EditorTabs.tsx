import { useRef, type KeyboardEvent } from 'react';

export interface EditorTabsProps {
  tabs: readonly string[];
  active: string | null;
  dirtyPaths: ReadonlySet<string>;
  onSelect(path: string): void;
  onClose(path: string): void;
  /** The id of the tab panel the tabs control. */
  panelId: string;
  idPrefix: string;
}

/**
 * The open files as a tab list (WAI-ARIA tabs): one Tab stop, Left/Right/Home/End move and open,
 * Delete closes; each tab has a close mark for the pointer.
 */
export function EditorTabs({ tabs, active, dirtyPaths, onSelect, onClose, panelId, idPrefix }: EditorTabsProps) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const tabId = (path: string) => `${idPrefix}-tab-${path.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = active ? tabs.indexOf(active) : -1;
    let next: string | undefined;
    if (event.key === 'ArrowRight') next = tabs[(at + 1) % tabs.length];
    else if (event.key === 'ArrowLeft') next = tabs[(at - 1 + tabs.length) % tabs.length];
    else if (event.key === 'Home') next = tabs[0];
    else if (event.key === 'End') next = tabs[tabs.length - 1];
    else if (event.key === 'Delete' && active) {
      event.preventDefault();
      const after = tabs[at + 1] ?? tabs[at - 1];
      onClose(active);
      if (after) requestAnimationFrame(() => refs.current.get(after)?.focus());
      return;
    }
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  };

  if (tabs.length === 0) return null;
  return (
    <div role="tablist" aria-label="Open files" className="editor-tabs" onKeyDown={onKeyDown} data-testid="editor-tabs">
      {tabs.map((path) => {
        const selected = path === active;
        const name = path.slice(path.lastIndexOf('/') + 1);
        const dirty = dirtyPaths.has(path);
        return (
          <div key={path} className={`editor-tab${selected ? ' is-active' : ''}`}>
            <button
              type="button"
              role="tab"
              id={tabId(path)}
              ref={(el) => {
                if (el) refs.current.set(path, el);
                else refs.current.delete(path);
              }}
              aria-selected={selected}
              aria-controls={panelId}
              tabIndex={selected || (!active && path === tabs[0]) ? 0 : -1}
              title={path}
              className="editor-tab-button"
              data-path={path}
              onClick={() => onSelect(path)}
            >
              {name}
              {dirty ? (
                <span className="editor-tab-dirty">
                  <span aria-hidden="true"> ●</span>
                  <span className="sr-only"> (unsaved)</span>
                </span>
              ) : null}
            </button>
            {/* Pointer only (hidden from the accessibility tree): the keyboard closes a tab with Delete. */}
            <span className="editor-tab-close" aria-hidden="true" title={`Close ${path} (Delete)`} data-testid="editor-tab-close" onClick={() => onClose(path)}>
              ×
            </span>
          </div>
        );
      })}
    </div>
  );
}
