import { afterEach, describe, expect, it } from 'vitest';
import { GRADING_MARKER_VAR, GRADING_WORKSPACE_BYTES, GRADING_WRAPPER, planGradingLaunch, resolveGradingSandbox, type GradingSandbox } from '../../../../../../electron/core/grading/coding/gradingSandbox.js';
import { SANDBOX_WORKSPACE_SOURCE, type HostLayout } from '../../../../../../electron/core/terminal/sandbox.js';

const layout: HostLayout = {
  rootEntries: [{ path: '/bin', kind: 'symlink', target: 'usr/bin' }],
  etc: [{ path: '/etc/passwd', kind: 'bind', source: '/etc/passwd' }],
  toolchain: ['/opt/node'],
  binDirs: ['/opt/node/bin'],
  masks: [],
};
const bwrap: GradingSandbox = { kind: 'bubblewrap', bwrapPath: '/usr/bin/bwrap', layout, detail: 'test' };
const none: GradingSandbox = { kind: 'none', bwrapPath: null, layout, detail: 'test' };

const saved = process.env.NODE_OPTIONS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = saved;
});

describe('planGradingLaunch', () => {
  it('unsandboxed: /bin/sh -c at the copy, with a clean environment built from nothing', () => {
    process.env.NODE_OPTIONS = '--require /evil.js';
    const plan = planGradingLaunch(none, '/tmp/copy', 'node --test hidden/', 'm1');
    expect(plan).toEqual({
      kind: 'direct',
      file: '/bin/sh',
      args: ['-c', 'node --test hidden/'],
      cwd: '/tmp/copy',
      env: { PATH: expect.stringMatching(/^\/opt\/node\/bin:\/usr\/local\/sbin:/), HOME: '/tmp/copy', LANG: 'C.UTF-8', CI: '1', NO_COLOR: '1', [GRADING_MARKER_VAR]: 'm1' },
    });
  });

  it('sandboxed: bwrap with the copy read-only and a size-capped tmpfs /workspace, no network, and the same clean environment inside', () => {
    const plan = planGradingLaunch(bwrap, '/tmp/copy', 'npm test', 'm2', {}, { file: 'junit.xml', capBytes: 1000 });
    if (plan.kind !== 'bwrap') throw new Error('expected a bwrap plan');
    expect(plan.bwrapPath).toBe('/usr/bin/bwrap');
    expect(plan.env).toEqual({ [GRADING_MARKER_VAR]: 'm2' });
    const args = plan.options.join(' ');
    expect(args).toContain('--unshare-all');
    expect(args).not.toContain('--share-net');
    expect(args).toContain(`--ro-bind /tmp/copy ${SANDBOX_WORKSPACE_SOURCE}`);
    expect(args).toContain(`--size ${GRADING_WORKSPACE_BYTES} --tmpfs /workspace`);
    expect(args).not.toContain('--bind /tmp/copy /workspace');
    expect(args).toContain('--clearenv');
    expect(args).toContain('--setenv HOME /workspace');
    expect(args).toContain(`--setenv ${GRADING_MARKER_VAR} m2`);
    expect(args).not.toContain('NODE_OPTIONS');
    // The options end where the command starts: bwrap takes `--` and the command from its argv.
    expect(plan.options.at(-1)).not.toBe('--');
    expect(plan.command).toEqual(['/bin/sh', '-c', GRADING_WRAPPER, 'vigil-grade', 'npm test', 'junit.xml', '1000']);
  });
});

describe('resolveGradingSandbox', () => {
  const unavailable = { available: false, kind: 'none' as const, detail: 'bwrap is not installed', bwrapPath: null };

  it('"bubblewrap" without a working bwrap is a system error (unavailable), never a silent unsandboxed run', async () => {
    await expect(resolveGradingSandbox('bubblewrap', { detection: unavailable })).rejects.toMatchObject({ code: 'unavailable', message: /bwrap is not installed/ });
  });

  it('"auto" falls back to no sandbox; "none" never sandboxes', async () => {
    expect(await resolveGradingSandbox('auto', { detection: unavailable })).toMatchObject({ kind: 'none', detail: 'bwrap is not installed' });
    const available = { available: true, kind: 'bubblewrap' as const, detail: 'ok', bwrapPath: '/usr/bin/bwrap' };
    expect(await resolveGradingSandbox('auto', { detection: available })).toMatchObject({ kind: 'bubblewrap', bwrapPath: '/usr/bin/bwrap' });
    expect(await resolveGradingSandbox('none', { detection: available })).toMatchObject({ kind: 'none' });
  });
});
