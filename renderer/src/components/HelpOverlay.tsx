import { Modal } from './Modal.js';

export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: 'Alt+N', action: 'Next question' },
  { keys: 'Alt+P', action: 'Previous question' },
  { keys: 'Alt+F', action: 'Flag or unflag the current question for review' },
  { keys: 'Alt+R', action: 'Review and submit' },
  { keys: '?', action: 'This help (outside text fields)' },
  { keys: 'Tab / Shift+Tab', action: 'Move between controls' },
  { keys: 'Arrow keys', action: 'Choose between options of a single-choice question' },
  { keys: 'Space', action: 'Tick or untick an option of a multiple-choice question' },
  { keys: 'Ctrl+Enter', action: 'Run the query (in the SQL editor)' },
  { keys: 'Escape', action: 'Close this help or cancel a dialog' },
];

/** The keyboard shortcuts; "?" opens it, Escape closes it. Mirrors docs/keyboard.md. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <Modal labelledBy="help-title" onCancel={onClose} testId="help-overlay">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <p>The whole exam can be taken with the keyboard. On a Mac, Alt is the Option key.</p>
      <table className="shortcuts">
        <caption className="sr-only">Shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
