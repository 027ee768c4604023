import { describe, expect, it } from 'vitest';
import { detectRemoteSession, remoteSessionStep, type RemoteSessionEvidence } from '../../../../../electron/core/lockdown/remoteSession.js';

const none = { platform: 'linux' as const, env: { DISPLAY: ':0', HOME: '/home/ada' }, processes: [{ pid: 1, names: ['systemd'] }] };

describe('remote session detection', () => {
  it('finds nothing on a local desktop session', () => {
    expect(detectRemoteSession(none)).toEqual({ remote: false, signals: [] });
  });

  it.each([
    ['SSH', { env: { SSH_CONNECTION: '203.0.113.7 52144 192.0.2.10 22' } }, 'SSH from 203.0.113.7'],
    ['SSH tty', { env: { SSH_TTY: '/dev/pts/3' } }, 'SSH'],
    ['xrdp session', { env: { XRDP_SESSION: '1' } }, 'xrdp'],
    ['forwarded X display', { env: { DISPLAY: 'localhost:10.0' } }, 'forwarded'],
    ['Windows RDP', { platform: 'win32', env: { SESSIONNAME: 'RDP-Tcp#3' } }, 'Remote Desktop session'],
    ['x11vnc', { processes: [{ pid: 9, names: ['x11vnc'] }] }, 'x11vnc'],
    ['TeamViewer', { processes: [{ pid: 9, names: ['teamviewerd'] }] }, 'TeamViewer'],
    ['AnyDesk', { processes: [{ pid: 9, names: ['anydesk'] }] }, 'AnyDesk'],
    ['RustDesk', { processes: [{ pid: 9, names: ['rustdesk'] }] }, 'RustDesk'],
    ['Xvnc', { processes: [{ pid: 9, names: ['xvnc'] }] }, 'Xvnc'],
    ['macOS screen sharing', { platform: 'darwin', processes: [{ pid: 9, names: ['screensharingd'] }] }, 'Screen Sharing'],
  ] as Array<[string, Partial<RemoteSessionEvidence>, string]>)('detects %s', (_name, change, phrase) => {
    const detection = detectRemoteSession({ ...none, ...change, env: { ...none.env, ...change.env } });
    expect(detection.remote).toBe(true);
    expect(detection.signals.join(' | ')).toContain(phrase);
  });

  it('does not read SESSIONNAME=Console or a local XQuartz display as remote', () => {
    expect(detectRemoteSession({ ...none, platform: 'win32', env: { SESSIONNAME: 'Console' } }).remote).toBe(false);
    expect(detectRemoteSession({ ...none, platform: 'darwin', env: { DISPLAY: '/private/tmp/com.apple.launchd.x/org.xquartz:0' } }).remote).toBe(false);
  });
});

describe('remoteSessionStep', () => {
  const found = detectRemoteSession({ ...none, processes: [{ pid: 9, names: ['anydesk'] }] });
  it('reports new signals once, per policy', () => {
    const first = remoteSessionStep(new Set(), found, 'block');
    expect(first.violation).toMatchObject({ kind: 'remote-session', severity: 'critical' });
    expect(remoteSessionStep(first.reported, found, 'block').violation).toBeNull();
    expect(remoteSessionStep(new Set(), found, 'report').violation).toMatchObject({ severity: 'warning' });
    expect(remoteSessionStep(new Set(), found, 'allow').violation).toBeNull();
  });
});
