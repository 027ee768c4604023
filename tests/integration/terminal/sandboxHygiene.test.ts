import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSandbox, SANDBOX_SHM_BYTES, SANDBOX_TMP_BYTES } from '../../../electron/core/terminal/sandbox.js';
import { cgroupOwnerTag, prepareCgroups, releaseCgroups, SANDBOX_MAX_MEMORY_BYTES, SANDBOX_MAX_PROCESSES, SHELL_CGROUP_PREFIX } from '../../../electron/core/terminal/sandboxLaunch.js';
import { openShell, removeDir, tempDir, type ShellUnderTest } from './harness.js';

/**
 * Sandbox hygiene (issue 15, point 7), each an escape attempt from the real sandboxed shell: the
 * host's data path and the attempt id are not in any process's cmdline or environment, /dev is
 * minimal and read-only, /tmp and /dev/shm are size-capped, and the process count and memory are limited.
 */
describe.runIf(process.platform === 'linux')('sandbox hygiene', () => {
  const attemptId = `att-HYGIENE-${process.pid}`;
  let root: string;
  let shell: ShellUnderTest;
  let calls = 0;
  async function status(line: string, timeoutMs = 30_000): Promise<{ rc: number; out: string }> {
    const token = `rc${++calls}`;
    const pattern = new RegExp(`\\[${token}=(\\d+)\\]`);
    const out = await shell.run(`${line}; echo "[${token}=$?]"`, pattern, timeoutMs);
    return { rc: Number(pattern.exec(out)?.[1]), out };
  }

  beforeAll(async () => {
    const detection = await detectSandbox();
    if (!detection.available) throw new Error(`bubblewrap is required on Linux: ${detection.detail}`);
    root = await tempDir('vigil-hygiene-');
    const workspace = join(root, 'appdata', 'attempts', attemptId, 'workspace', 'sum');
    await mkdir(workspace, { recursive: true });
    shell = await openShell({ cwd: workspace, sandbox: { enabled: true, network: false }, hidePaths: [join(root, 'appdata')] });
    expect(shell.session.sandboxed).toBe(true);
  });
  afterAll(async () => {
    await shell?.session.kill();
    if (root) await removeDir(root);
  });

  it('no process in the sandbox shows the host path or the attempt id in its cmdline, environment or cwd', async () => {
    // Every visible process, pid 1 (bwrap's init) included; `x` marks the output so the echoed command line cannot match.
    // The patterns go through a file (printf is a builtin), so grep's own cmdline cannot match them.
    await status(`printf '%s\\n' '${root.slice(1)}' '${attemptId}' > /tmp/secrets`);
    const { out } = await status(`for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; tr '\\0' ' ' < $p/environ; echo; readlink $p/cwd; done | grep -c -F -f /tmp/secrets`);
    // grep -c prints 0 (and exits 1) when nothing matched.
    expect(out).toMatch(/[\r\n]0\r?\n\[rc\d+=1\]/);
    const pid1 = await status(`tr '\\0' ' ' < /proc/1/cmdline`);
    expect(pid1.out).toMatch(/bwrap --args 3 -- \/usr\/bin\/\w*sh/);
  });

  it('/dev is minimal and read-only, yet /dev/null still takes writes', async () => {
    expect((await status('touch /dev/evil')).rc).not.toBe(0);
    expect((await status('echo hi > /dev/null')).rc).toBe(0);
    const { out } = await status('ls /dev | tr "\\n" " "');
    for (const name of ['sda', 'vda', 'kmsg', 'mem', 'loop0']) expect(out).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('/tmp and /dev/shm are size-capped tmpfs mounts', async () => {
    const tmp = await status(`head -c ${SANDBOX_TMP_BYTES + 1024 * 1024} /dev/zero > /tmp/fill; echo size=$(stat -c %s /tmp/fill); rm -f /tmp/fill`);
    expect(Number(/size=(\d+)/.exec(tmp.out)?.[1])).toBeLessThanOrEqual(SANDBOX_TMP_BYTES);
    const shm = await status(`head -c ${SANDBOX_SHM_BYTES + 1024 * 1024} /dev/zero > /dev/shm/fill; echo size=$(stat -c %s /dev/shm/fill); rm -f /dev/shm/fill`);
    expect(Number(/size=(\d+)/.exec(shm.out)?.[1])).toBeLessThanOrEqual(SANDBOX_SHM_BYTES);
  });

  it('cannot take more memory than the cap, where a memory cgroup can be made', async () => {
    const probe = await prepareCgroups('vigil-probe-', { processes: 64, memoryBytes: 64 * 1024 * 1024 });
    await releaseCgroups(probe);
    const gib = Math.ceil((SANDBOX_MAX_MEMORY_BYTES * 1.5) / 2 ** 30);
    const { rc, out } = await status(`node -e "const a = []; for (let i = 0; i < ${gib} * 1024; i++) a.push(Buffer.alloc(1024 * 1024, 1)); console.log('allocated=' + a.length)"`, 60_000);
    if (probe.memoryDir === null) {
      // Documented (docs/terminal.md): without a writable memory hierarchy the shell has no memory cap.
      expect(out).toContain(`allocated=${gib * 1024}`);
      return;
    }
    expect(out).not.toContain(`allocated=${gib * 1024}`);
    // Killed by the kernel's OOM killer inside the cgroup (SIGKILL: 128 + 9).
    expect(rc).toBe(137);
  });

  it("a shell's cgroups go with it: none left after its end or a restart", async () => {
    const probe = await prepareCgroups('vigil-probe-', { processes: 64, memoryBytes: 64 * 1024 * 1024 });
    await releaseCgroups(probe);
    const root = probe.memoryDir === null ? null : dirname(probe.memoryDir);
    const tag = await cgroupOwnerTag();
    const ours = async () => (root === null ? [] : (await readdir(root)).filter((n) => n.startsWith(`${SHELL_CGROUP_PREFIX}${tag}-`)));
    const before = await ours();
    const cwd = await tempDir('vigil-hygiene-cg-');
    const other = await openShell({ cwd, sandbox: { enabled: true, network: false } });
    try {
      if (root === null) {
        // No writable hierarchy: the shell runs without cgroups, so none can be left behind.
        expect(await ours()).toEqual(before);
        return;
      }
      expect((await ours()).length).toBe(before.length + 1);
      await other.session.restart();
      expect((await ours()).length).toBe(before.length + 1);
    } finally {
      await other.session.kill();
      await removeDir(cwd);
    }
    expect(await ours()).toEqual(before);
  });

  it('cannot start more than the process limit', async () => {
    const script = [
      'import os, time',
      'kids = []',
      'try:',
      `    for i in range(${SANDBOX_MAX_PROCESSES + 200}):`,
      '        pid = os.fork()',
      '        if pid == 0:',
      '            time.sleep(60)',
      '            os._exit(0)',
      '        kids.append(pid)',
      'except OSError as e:',
      '    print("refused", e.strerror)',
      'print("started=" + str(len(kids)))',
      'for k in kids: os.kill(k, 9)',
    ].join('\\n');
    const { out } = await status(`printf '${script}\\n' > /tmp/bomb.py && python3 /tmp/bomb.py`, 60_000);
    expect(out).toContain('refused');
    const started = Number(/started=(\d+)/.exec(out)?.[1]);
    expect(started).toBeGreaterThan(10);
    expect(started).toBeLessThan(SANDBOX_MAX_PROCESSES);
  });
});
