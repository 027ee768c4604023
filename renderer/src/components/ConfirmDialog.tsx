import { useRef, type ReactNode } from 'react';
import { Modal } from './Modal.js';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
  testId?: string;
}

/** Asks before something that cannot be undone. Focus starts on Cancel; Escape cancels. */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel = 'Cancel', onConfirm, onCancel, busy, testId }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal labelledBy="confirm-title" describedBy="confirm-body" onCancel={onCancel} initialFocus={cancelRef} role="alertdialog" testId={testId}>
      <h2 id="confirm-title">{title}</h2>
      <div id="confirm-body">{children}</div>
      <div className="actions">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="button button--primary" onClick={() => !busy && onConfirm()} aria-disabled={busy || undefined}>
          {busy ? 'Submitting…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
