import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildBwrapArgs,
  detectSandbox,
  ETC_ALLOWLIST,
  probeHostLayout,
  SANDBOX_WORKSPACE,
  type BwrapSpec,
  type HostLayout,
} from '../../../../../electron/core/terminal/sandbox.js';

const layout: HostLayout = {
  rootEntries: [
    { path: '/bin', kind: 'symlink', target: 'usr/bin' },
    { path: '/lib64', kind: 'dir' },
  ],
  etc: [
    { path: '/etc/passwd', kind: 'bind', source: '/etc/passwd' },
    { path: '/etc/localtime', kind: 'symlink', target: '/usr/share/zoneinfo/UTC' },
  ],
  toolchain: ['/opt/node-v20'],
  binDirs: ['/opt/node-v20/bin'],
  masks: [
    { path: '/usr/lib/vigil/resources', kind: 'dir' },
    { path: '/usr/local/etc/npmrc', kind: 'file' },
  ],
};

const appData = '/home/cand/.config/Vigil';
const spec = (network: boolean): BwrapSpec => ({
  workspaceDir: `${appData}/attempts/a1/workspace/sum`,
  network,
  env: { PATH: '/usr/bin:/bin', HOME: SANDBOX_WORKSPACE, TERM: 'xterm-256color' },
  command: ['/usr/bin/bash'],
});

/** Every [option, ...operands] triple of bwrap binds, for lookups. */
function binds(args: string[]): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  args.forEach((a, i) => {
    if (a === '--bind' || a === '--ro-bind' || a === '--ro-bind-try') out.push([a, args[i + 1] ?? '', args[i + 2] ?? '']);
  });
  return out;
}

describe('buildBwrapArgs', () => {
  it('unshares the network unless the exam allows it', () => {
    const closed = buildBwrapArgs(spec(false), layout);
    expect(closed).toContain('--unshare-all');
    expect(closed).not.toContain('--share-net');
    const open = buildBwrapArgs(spec(true), layout);
    expect(open).toContain('--unshare-all');
    expect(open).toContain('--share-net');
  });

  it('binds only the workspace writable, at /workspace, and everything else read-only', () => {
    const args = buildBwrapArgs(spec(false), layout);
    const writable = binds(args).filter(([opt]) => opt === '--bind');
    expect(writable).toEqual([['--bind', spec(false).workspaceDir, SANDBOX_WORKSPACE]]);
    expect(binds(args)).toContainEqual(['--ro-bind', '/usr', '/usr']);
    expect(binds(args)).toContainEqual(['--ro-bind', '/opt/node-v20', '/opt/node-v20']);
    expect(args.join(' ')).toContain('--symlink usr/bin /bin');
    expect(args.join(' ')).toContain('--remount-ro /');
    expect(args.slice(args.indexOf('--chdir'), args.indexOf('--chdir') + 2)).toEqual(['--chdir', SANDBOX_WORKSPACE]);
  });

  it('never binds the home, the app data or the whole root', () => {
    const args = buildBwrapArgs(spec(true), layout);
    for (const [, source, dest] of binds(args)) {
      expect(source).not.toBe('/');
      expect(dest).not.toBe('/');
      for (const secret of [homedir(), '/home/cand', '/root', appData]) {
        expect(dest === secret || dest.startsWith(`${secret}/`)).toBe(false);
        if (dest !== SANDBOX_WORKSPACE) expect(source === secret || source.startsWith(`${secret}/`)).toBe(false);
      }
    }
  });

  it('drops capabilities, dies with the app, keeps job control (no --new-session)', () => {
    const args = buildBwrapArgs(spec(false), layout);
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(args).toContain('--die-with-parent');
    expect(args).not.toContain('--new-session');
  });

  it('clears the environment and sets exactly the given variables, then runs the command', () => {
    const args = buildBwrapArgs(spec(false), layout);
    const clear = args.indexOf('--clearenv');
    expect(clear).toBeGreaterThan(0);
    const setenv = args.flatMap((a, i) => (a === '--setenv' ? [[args[i + 1], args[i + 2]]] : []));
    expect(Object.fromEntries(setenv)).toEqual(spec(false).env);
    expect(args.indexOf('--setenv')).toBeGreaterThan(clear);
    expect(args.slice(-2)).toEqual(['--', '/usr/bin/bash']);
  });

  it('covers masked paths with an empty read-only dir or /dev/null, after the binds', () => {
    const args = buildBwrapArgs(spec(false), layout);
    const s = args.join(' ');
    expect(s).toContain('--tmpfs /usr/lib/vigil/resources --remount-ro /usr/lib/vigil/resources');
    expect(s).toContain('--ro-bind /dev/null /usr/local/etc/npmrc');
    expect(args.indexOf('/usr/lib/vigil/resources')).toBeGreaterThan(args.lastIndexOf('/usr'));
  });
});

describe('probeHostLayout', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-layout-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('binds only allowlisted /etc entries, never credential files', async () => {
    const probed = await probeHostLayout({ searchDirs: [] });
    for (const e of probed.etc) expect(ETC_ALLOWLIST).toContain(e.path);
    const paths = probed.etc.map((e) => e.path);
    for (const secret of ['/etc/shadow', '/etc/npmrc', '/etc/ssh', '/etc/gitconfig', '/etc/pip.conf']) expect(paths).not.toContain(secret);
  });

  it('masks hidden paths that lie inside /usr and ignores those that are not bound anyway', async () => {
    const probed = await probeHostLayout({ searchDirs: [], hidePaths: ['/usr/share', join(dir, 'appdata')] });
    expect(probed.masks).toContainEqual({ path: '/usr/share', kind: 'dir' });
    expect(probed.masks.map((m) => m.path)).not.toContain(join(dir, 'appdata'));
  });

  it('binds a node prefix outside /usr read-only, or only the binary when the prefix holds hidden data', async () => {
    const prefix = join(dir, 'node-v20');
    await mkdir(join(prefix, 'bin'), { recursive: true });
    await writeFile(join(prefix, 'bin', 'node'), '#!/bin/sh\n');
    await chmod(join(prefix, 'bin', 'node'), 0o755);
    const probed = await probeHostLayout({ searchDirs: [join(prefix, 'bin')] });
    expect(probed.toolchain).toEqual([prefix]);
    expect(probed.binDirs).toEqual([join(prefix, 'bin')]);

    const narrowed = await probeHostLayout({ searchDirs: [join(prefix, 'bin')], hidePaths: [join(prefix, 'exam-data')] });
    expect(narrowed.toolchain).toEqual([join(prefix, 'bin', 'node')]);
  });
});

describe('detectSandbox', () => {
  it('is "none", with the reason, off Linux', async () => {
    const status = await detectSandbox({ platform: 'darwin' });
    expect(status).toMatchObject({ available: false, kind: 'none', bwrapPath: null });
    expect(status.detail).toMatch(/darwin/);
  });

  it('says to install bubblewrap when bwrap is not found', async () => {
    const status = await detectSandbox({ platform: 'linux', searchDirs: ['/nonexistent-vigil-dir'] });
    expect(status.available).toBe(false);
    expect(status.detail).toMatch(/install the "bubblewrap" package/);
  });
});
