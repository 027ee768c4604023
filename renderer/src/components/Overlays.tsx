import { useState } from 'react';
import { isFinished } from '../../../shared/lifecycle.js';
import { LOCK_CLOCK_RULE } from '../../../shared/lockClock.js';
import { useApp } from '../store/StoreProvider.js';
import { HelpOverlay } from './HelpOverlay.js';
import { Modal } from './Modal.js';

/**
 * What interrupts the exam, most important first: locked, paused, time-up, a proctor's message;
 * then the keyboard help. Only the first applicable one shows; the rest wait their turn.
 */
export function Overlays() {
  const state = useApp((s) => s.attempt?.state);
  const lockMessage = useApp((s) => s.attempt?.lockMessage ?? null);
  const pauseReason = useApp((s) => s.attempt?.pauseReason ?? null);
  const submitReason = useApp((s) => s.attempt?.submitReason ?? null);
  const timeUpSeen = useApp((s) => s.timeUpSeen);
  const acknowledgeTimeUp = useApp((s) => s.acknowledgeTimeUp);
  const notice = useApp((s) => s.notices[0] ?? null);
  const dismissNotice = useApp((s) => s.dismissNotice);
  const helpOpen = useApp((s) => s.helpOpen);
  const setHelpOpen = useApp((s) => s.setHelpOpen);

  if (state === 'locked') {
    return (
      <Modal labelledBy="locked-title" describedBy="locked-body" role="alertdialog" className="modal--blocking" testId="locked-overlay">
        <h2 id="locked-title">
          <span aria-hidden="true">⊘ </span>Your exam is locked
        </h2>
        <div id="locked-body">
          {lockMessage ? (
            <p className="proctor-message">
              <strong>Message from your proctor:</strong> {lockMessage}
            </p>
          ) : null}
          <p>Please wait for your proctor. Your answers are saved. {LOCK_CLOCK_RULE}</p>
        </div>
      </Modal>
    );
  }
  if (state === 'paused') {
    return (
      <Modal labelledBy="paused-title" describedBy="paused-body" role="alertdialog" className="modal--blocking" testId="paused-overlay">
        <h2 id="paused-title">
          <span aria-hidden="true">‖ </span>The exam is paused
        </h2>
        <div id="paused-body">
          {pauseReason ? (
            <p className="proctor-message" data-testid="pause-reason">
              <strong>Reason from your proctor:</strong> {pauseReason}
            </p>
          ) : null}
          <p>Your proctor has paused the exam. The clock does not count this time against you, and your answers are saved. Please wait.</p>
        </div>
      </Modal>
    );
  }
  if (state && isFinished(state) && submitReason === 'time-up' && !timeUpSeen) {
    return (
      <Modal labelledBy="timeup-title" describedBy="timeup-body" role="alertdialog" testId="timeup-overlay">
        <h2 id="timeup-title">
          <span aria-hidden="true">◷ </span>Time is up
        </h2>
        <p id="timeup-body">The time for this exam has run out. Your answers were saved and submitted.</p>
        <div className="actions">
          <button type="button" className="button button--primary" onClick={acknowledgeTimeUp}>
            See your submission
          </button>
        </div>
      </Modal>
    );
  }
  if (notice) {
    return (
      <Modal labelledBy="notice-title" describedBy="notice-body" onCancel={() => dismissNotice(notice.id)} role={notice.level === 'info' ? 'dialog' : 'alertdialog'} testId="notice-overlay">
        <h2 id="notice-title">
          <span aria-hidden="true">{notice.level === 'error' ? '⚠ ' : notice.level === 'warning' ? '! ' : '✉ '}</span>
          Message from your proctor
        </h2>
        <p id="notice-body" className="proctor-message">
          {notice.text}
        </p>
        <div className="actions">
          <button type="button" className="button button--primary" onClick={() => dismissNotice(notice.id)}>
            OK
          </button>
        </div>
      </Modal>
    );
  }
  if (helpOpen) return <HelpOverlay onClose={() => setHelpOpen(false)} />;
  return null;
}

/** Shown when the connection to the app drops; calm, because nothing typed is lost meanwhile. */
export function OfflineBanner() {
  const connection = useApp((s) => s.connection);
  if (connection !== 'reconnecting' && connection !== 'closed') return null;
  return (
    <div className="offline-banner" role="region" aria-label="Connection">
      <p role="status" data-testid="offline-banner">
        <span aria-hidden="true">↻ </span>
        <strong>Reconnecting…</strong> Nothing is lost: your answers stay on this screen and are saved as soon as the connection is back.
      </p>
    </div>
  );
}

/**
 * Shown after the app repaired this attempt's saved record on start (damage or lost saves): the
 * candidate keeps working, but should look over their answers; the proctor was told as well.
 */
const NO_RECOVERY: readonly string[] = [];

export function RecoveryBanner() {
  // A constant fallback: a fresh [] per call would change the selection on every render.
  const recovery = useApp((s) => s.attempt?.recovery ?? NO_RECOVERY);
  const [dismissed, setDismissed] = useState(false);
  if (recovery.length === 0 || dismissed) return null;
  return (
    <div className="offline-banner recovery-banner" role="region" aria-label="Recovered answers">
      {recovery.map((line) => (
        <p key={line} role="status" data-testid="recovery-banner">
          <span aria-hidden="true">⚠ </span>
          {line}
        </p>
      ))}
      <button type="button" className="button" onClick={() => setDismissed(true)}>
        Understood
      </button>
    </div>
  );
}
