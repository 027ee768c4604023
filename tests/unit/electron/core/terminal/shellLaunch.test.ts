import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_WORKSPACE, type HostLayout, type SandboxDetection } from '../../../../../electron/core/terminal/sandbox.js';
import { planLaunch, resolveShell, SESSION_MARKER_VAR } from '../../../../../electron/core/terminal/shellLaunch.js';

const layout: HostLayout = { rootEntries: [], etc: [], toolchain: [], binDirs: [], masks: [] };
const bwrap: SandboxDetection = { available: true, kind: 'bubblewrap', detail: 'bubblewrap 0.8.0', bwrapPath: '/usr/bin/bwrap' };
const noBwrap: SandboxDetection = { available: false, kind: 'none', detail: 'bubblewrap (bwrap) is not installed', bwrapPath: null };

let ws: string;
beforeEach(async () => {
  ws = await realpath(await mkdtemp(join(tmpdir(), 'vigil-ws-')));
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
});

describe('planLaunch', () => {
  it('gives an unsandboxed shell a clean environment: nothing of the app leaks', async () => {
    process.env.VIGIL_TEST_SECRET = 'hunter2';
    try {
      const plan = await planLaunch({ workspaceDir: ws, sandbox: { enabled: false, network: false }, detection: noBwrap, layout, marker: 'm1', platform: 'linux' });
      expect(plan.sandboxed).toBe(false);
      expect(Object.keys(plan.env).sort()).toEqual(['COLORTERM', 'HOME', 'LANG', 'PATH', 'PS1', 'SHELL', 'TERM', SESSION_MARKER_VAR].sort());
      expect(plan.env).toMatchObject({ HOME: ws, TERM: 'xterm-256color', LANG: 'C.UTF-8', [SESSION_MARKER_VAR]: 'm1' });
      expect(JSON.stringify(plan)).not.toContain('hunter2');
      expect(plan.cwd).toBe(ws);
      expect(plan.file).toMatch(/\/(bash|sh)$/);
    } finally {
      delete process.env.VIGIL_TEST_SECRET;
    }
  });

  it('runs the shell through bwrap with HOME at /workspace when sandboxed', async () => {
    const plan = await planLaunch({ workspaceDir: ws, sandbox: { enabled: true, network: false }, detection: bwrap, layout, marker: 'm2', platform: 'linux' });
    expect(plan.sandboxed).toBe(true);
    // Through the sh helper: bwrap's real options travel in a private file, never in any argv.
    expect(plan.file).toMatch(/\/sh$/);
    expect(plan.args).toContain('/usr/bin/bwrap');
    expect(plan.args.join(' ')).not.toContain(ws);
    expect(plan.cwd).toBe('/');
    const argsFile = plan.args[3] as string;
    const options = (await readFile(argsFile, 'utf8')).split('\0').join(' ');
    await rm(dirname(argsFile), { recursive: true });
    expect(options).toContain(`--bind ${ws} ${SANDBOX_WORKSPACE}`);
    expect(options).toContain(`--setenv HOME ${SANDBOX_WORKSPACE}`);
    expect(plan.args.slice(-2)).toEqual(['--', plan.shellPath]);
  });

  it('refuses to start an unsandboxed shell on Linux when the sandbox is required but missing', async () => {
    await expect(
      planLaunch({ workspaceDir: ws, sandbox: { enabled: true, network: false }, detection: noBwrap, layout, marker: 'm3', platform: 'linux' }),
    ).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('not installed') });
  });

  it('falls back to an unconfined shell off Linux (best effort)', async () => {
    const plan = await planLaunch({ workspaceDir: ws, sandbox: { enabled: true, network: false }, detection: noBwrap, layout, marker: 'm4', platform: 'darwin' });
    expect(plan.sandboxed).toBe(false);
  });
});

describe('resolveShell', () => {
  it('prefers the requested shell, then bash, then sh', async () => {
    expect(await resolveShell('sh', ['/usr/bin', '/bin'])).toMatch(/\/sh$/);
    expect(await resolveShell('no-such-shell-xyz', ['/usr/bin', '/bin'])).toMatch(/\/bash$/);
    await expect(resolveShell(undefined, ['/nonexistent'])).rejects.toMatchObject({ code: 'unavailable' });
  });
});
