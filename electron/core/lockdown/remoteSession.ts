import type { ProcessInfo } from './processList.js';
import { severityFor, violation, type LockdownViolation } from './violation.js';

/**
 * Is the exam being run or watched remotely? Two kinds of sign: this session itself is remote (SSH,
 * Windows Remote Desktop, an xrdp session, an X display forwarded from elsewhere), or a remote-access
 * server runs on this computer, through which a helper can see and drive the desktop.
 */
export interface RemoteSessionEvidence {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  processes: readonly ProcessInfo[];
}

export interface RemoteSessionDetection {
  remote: boolean;
  signals: string[];
}

/** Remote desktop and screen-sharing servers, by executable name (normalized: lower case, no .exe). */
export const REMOTE_ACCESS_PROCESSES: Readonly<Record<string, string>> = {
  xrdp: 'xrdp (RDP server)',
  'xrdp-sesman': 'xrdp (RDP server)',
  'xrdp-chansrv': 'xrdp (RDP server)',
  vncserver: 'a VNC server',
  'vncserver-x11': 'RealVNC server',
  'vncserver-x11-core': 'RealVNC server',
  x11vnc: 'x11vnc (VNC server)',
  xvnc: 'Xvnc (VNC server)',
  xtigervnc: 'TigerVNC server',
  xtightvnc: 'TightVNC server',
  winvnc: 'a VNC server',
  winvnc4: 'a VNC server',
  tvnserver: 'TightVNC server',
  teamviewer: 'TeamViewer',
  teamviewerd: 'TeamViewer',
  teamviewer_service: 'TeamViewer',
  anydesk: 'AnyDesk',
  rustdesk: 'RustDesk',
  remoting_host: 'Chrome Remote Desktop',
  'chrome-remote-desktop-host': 'Chrome Remote Desktop',
  nxserver: 'NoMachine',
  nxnode: 'NoMachine',
  'gnome-remote-desktop-daemon': 'GNOME Remote Desktop',
  krfb: 'KDE desktop sharing (krfb)',
  screensharingd: 'macOS Screen Sharing',
  rdpclip: 'a Remote Desktop session (rdpclip)',
  parsecd: 'Parsec',
  srservice: 'Splashtop',
};

const present = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

export function detectRemoteSession(evidence: RemoteSessionEvidence): RemoteSessionDetection {
  const signals: string[] = [];
  const { env } = evidence;
  if (present(env.SSH_CONNECTION) || present(env.SSH_CLIENT) || present(env.SSH_TTY)) {
    const from = env.SSH_CONNECTION?.split(' ')[0] ?? env.SSH_CLIENT?.split(' ')[0];
    signals.push(`the app was started over SSH${from ? ` from ${from}` : ''}`);
  }
  if (present(env.XRDP_SESSION)) signals.push('the desktop is an xrdp remote session');
  if (evidence.platform === 'win32' && env.SESSIONNAME && /^rdp-/i.test(env.SESSIONNAME)) signals.push(`this is a Remote Desktop session (${env.SESSIONNAME})`);
  // An X display with a host part (localhost:10.0 from `ssh -X`, or another machine) is not this screen.
  if (evidence.platform !== 'win32' && env.DISPLAY && /^[^:/]+:\d/.test(env.DISPLAY)) signals.push(`the display ${env.DISPLAY} is forwarded from another machine`);

  const servers = new Set<string>();
  for (const proc of evidence.processes) {
    for (const name of proc.names) {
      const label = REMOTE_ACCESS_PROCESSES[name];
      if (label) servers.add(label);
    }
  }
  for (const server of servers) signals.push(`${server} is running`);
  return { remote: signals.length > 0, signals };
}

/**
 * Remote-session signals not reported yet become one violation; a signal reported once is not
 * repeated every scan. Returns the updated set of reported signals.
 */
export function remoteSessionStep(
  reported: ReadonlySet<string>,
  detection: RemoteSessionDetection,
  action: 'allow' | 'report' | 'block',
): { reported: Set<string>; violation: LockdownViolation | null } {
  const current = new Set(detection.signals);
  if (action === 'allow') return { reported: current, violation: null };
  const fresh = detection.signals.filter((s) => !reported.has(s));
  if (fresh.length === 0) return { reported: current, violation: null };
  return { reported: current, violation: violation('remote-session', severityFor(action), `Remote access detected: ${fresh.join('; ')}.`, { signals: fresh, action }) };
}
