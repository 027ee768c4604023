import type { ReactNode } from 'react';
import { isHighContrast } from '../store/prefsSlice.js';
import { useApp } from '../store/StoreProvider.js';

/** The banner on every screen: the app and exam name, screen-specific status, contrast and help. */
export function AppHeader({ title, children }: { title: string; children?: ReactNode }) {
  const highContrast = useApp(isHighContrast);
  const toggle = useApp((s) => s.toggleHighContrast);
  const setHelpOpen = useApp((s) => s.setHelpOpen);
  return (
    <header className="app-header">
      <p className="app-name">
        <span className="brand">Vigil</span> <span className="app-exam">{title}</span>
      </p>
      <div className="app-status">{children}</div>
      <div className="app-tools">
        <button type="button" className="button button--quiet" aria-pressed={highContrast} onClick={toggle} data-testid="contrast-toggle">
          <span aria-hidden="true">◐ </span>High contrast
        </button>
        <button type="button" className="button button--quiet" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          <span aria-hidden="true">? </span>Keyboard help
        </button>
      </div>
    </header>
  );
}
