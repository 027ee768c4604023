import { useState } from 'react';
import type { AttemptSummary } from '../../../../shared/hub/proctor.js';
import { clockTime, deviceLine } from '../lib/format.js';
import { useMay } from '../lib/useMay.js';
import { useDash } from '../store/DashboardProvider.js';

/** Whether a proctor's permission to enroll from a new device still runs at `now`. */
function reenrollAllowedAt(summary: AttemptSummary, now: number): boolean {
  return summary.reenrollAllowedUntil !== null && Date.parse(summary.reenrollAllowedUntil) > now;
}

/**
 * A refused try to enroll this candidate id from another device (issue 15 point 8). The hub never
 * lets a second device take an attempt on the access code alone, so the proctor is the one who
 * checks who is at the new machine, and allows it here: the next enrollment from any device within
 * the window replaces this attempt, whose tokens the hub then revokes.
 */
export function ReenrollPanel({ summary, now }: { summary: AttemptSummary; now: number }) {
  const allowReenroll = useDash((s) => s.allowReenroll);
  const mayAllow = useMay('allowReenroll');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = summary.reenrollRequest;
  const allowed = reenrollAllowedAt(summary, now);
  if (!request && !allowed) return null;

  async function allow(deviceFingerprint: string) {
    if (busy) return;
    setBusy(true);
    setError(null);
    // The device shown here, and only it: the hub refuses (409) if another one asked since.
    setError(await allowReenroll(summary.attemptId, deviceFingerprint));
    setBusy(false);
  }

  const device = request ? deviceLine(request.deviceInfo) : '';
  return (
    <section aria-labelledby="sec-reenroll" className="dash-section reenroll" data-testid="reenroll">
      <h2 id="sec-reenroll">New device</h2>
      {request ? (
        <p data-testid="reenroll-request">
          <span aria-hidden="true">⚠ </span>
          At <time dateTime={request.at}>{clockTime(request.at)}</time> someone tried to check in as <strong>{summary.candidate.name}</strong> from another device
          {device ? ` (${device})` : ''}, key fingerprint <code>{request.deviceFingerprint}</code>. The hub refused it. Check who is at that device before you allow it: the new
          device (and only that one) then replaces this one, and this attempt&apos;s tokens stop working.
        </p>
      ) : null}
      {allowed && summary.reenrollAllowedUntil ? (
        <p data-testid="reenroll-allowed">
          <span aria-hidden="true">✓ </span>A new device may check in until <time dateTime={summary.reenrollAllowedUntil}>{clockTime(summary.reenrollAllowedUntil)}</time>.
        </p>
      ) : request && mayAllow ? (
        <button type="button" className="button" onClick={() => void allow(request.deviceFingerprint)} disabled={busy} data-testid="reenroll-allow">
          {busy ? 'Allowing…' : 'Allow new device'}
        </button>
      ) : (
        <p className="meta" data-testid="reenroll-not-for-role">
          A proctor or an admin can allow the new device.
        </p>
      )}
      {error ? (
        <p className="alert" role="alert" data-testid="reenroll-error">
          Not allowed: {error}
        </p>
      ) : null}
    </section>
  );
}
