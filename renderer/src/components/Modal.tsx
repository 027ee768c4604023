import { useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

export interface ModalProps {
  /** id of the element naming the dialog (its heading). */
  labelledBy: string;
  describedBy?: string;
  /** Escape calls this; without it the dialog cannot be dismissed (pause, lock). */
  onCancel?: () => void;
  /** Gets the focus when the dialog opens; otherwise the first focusable element, else the dialog. */
  initialFocus?: RefObject<HTMLElement | null>;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  children: ReactNode;
  testId?: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[inert]'));
}

/**
 * An accessible modal dialog: rendered over the page in its own layer, everything else made inert,
 * focus moved in and trapped (Tab and Shift+Tab cycle), Escape cancels when allowed, and the focus
 * returns where it was when the dialog closes. Stacks: a later dialog makes an earlier one inert.
 */
export function Modal({ labelledBy, describedBy, onCancel, initialFocus, role = 'dialog', className, children, testId }: ModalProps) {
  const [host] = useState(() => {
    const el = document.createElement('div');
    el.className = 'modal-layer';
    return el;
  });
  const panel = useRef<HTMLDivElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.appendChild(host);
    const madeInert: Element[] = [];
    for (const sibling of [...document.body.children]) {
      if (sibling === host || sibling.hasAttribute('inert') || sibling.tagName === 'SCRIPT') continue;
      sibling.setAttribute('inert', '');
      madeInert.push(sibling);
    }
    return () => {
      for (const el of madeInert) el.removeAttribute('inert');
      host.remove();
      if (previous && previous.isConnected) previous.focus();
    };
  }, [host]);

  useEffect(() => {
    const root = panel.current;
    if (!root) return;
    const target = initialFocus?.current ?? focusables(root)[0] ?? root;
    target.focus();
  }, [initialFocus]);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape' && cancel.current) {
      event.preventDefault();
      event.stopPropagation();
      cancel.current();
      return;
    }
    if (event.key !== 'Tab' || !panel.current) return;
    const items = focusables(panel.current);
    if (items.length === 0) {
      event.preventDefault();
      panel.current.focus();
      return;
    }
    const first = items[0] as HTMLElement;
    const last = items[items.length - 1] as HTMLElement;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === panel.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="modal-backdrop">
      <div
        ref={panel}
        className={className ? `modal ${className}` : 'modal'}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        {children}
      </div>
    </div>,
    host,
  );
}
