import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectProcessTree, isGone, killProcessTree } from '../../../../../electron/core/terminal/processTree.js';
import { continueProcessTree, isStopped, stopProcessTree } from '../../../../../electron/core/terminal/processTreeSignal.js';
import { SESSION_MARKER_VAR } from '../../../../../electron/core/terminal/shellLaunch.js';

const sizeOf = async (path: string) => (await stat(path).catch(() => ({ size: 0 }))).size;
/** The tree's processes that still run or are stopped (a zombie child of a stopped parent is gone). */
const liveTree = (pid: number) => [...collectProcessTree(pid, [SESSION_MARKER_VAR, 'tree-signal-test'])].filter(([p, start]) => !isGone(p, start)).map(([p]) => p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(process.platform === 'linux')('stopping and continuing a shell tree by pid', () => {
  let dir = '';
  let root: ChildProcess | null = null;

  afterEach(async () => {
    if (root?.pid) await killProcessTree(root.pid, { marker: [SESSION_MARKER_VAR, 'tree-signal-test'], graceMs: 200 });
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A shell with a background writer, a nested child and a job that left the tree with setsid. */
  async function startTree(): Promise<{ pid: number; bg: string; escaped: string }> {
    dir = await mkdtemp(join(tmpdir(), 'vigil-tree-signal-'));
    const bg = join(dir, 'bg.txt');
    const escaped = join(dir, 'escaped.txt');
    const script = `(while :; do echo x >> ${bg}; sleep 0.02; done) & (setsid sh -c 'while :; do echo y >> ${escaped}; sleep 0.02; done' &) ; wait`;
    root = spawn('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', [SESSION_MARKER_VAR]: 'tree-signal-test' }, stdio: 'ignore' });
    const pid = root.pid as number;
    await expect.poll(async () => (await sizeOf(bg)) > 0 && (await sizeOf(escaped)) > 0).toBe(true);
    return { pid, bg, escaped };
  }

  it('stops every process (the escaped one too), so files stop growing; continue makes them grow again', async () => {
    const { pid, bg, escaped } = await startTree();
    const stopped = await stopProcessTree(pid);
    const tree = liveTree(pid);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    // Every process still there was stopped (a short-lived child may have ended meanwhile).
    expect(tree.filter((p) => !stopped.includes(p))).toEqual([]);
    // A pending SIGSTOP is taken before the process runs another instruction of its own; on a
    // loaded machine /proc may show state T only once it is next scheduled, past the settle wait.
    await expect.poll(() => tree.filter((p) => !isStopped(p) && !isGone(p)), { timeout: 10_000 }).toEqual([]);

    // Stopped processes write nothing: sizes taken now stay the same however long we look.
    const before = [await sizeOf(bg), await sizeOf(escaped)];
    await sleep(300);
    expect([await sizeOf(bg), await sizeOf(escaped)]).toEqual(before);

    const continued = continueProcessTree(pid);
    expect(new Set(continued)).toEqual(new Set(tree));
    expect(continued.at(-1)).toBe(pid);
    await expect.poll(() => tree.filter((p) => isStopped(p))).toEqual([]);
    await expect.poll(async () => (await sizeOf(bg)) > (before[0] ?? 0) && (await sizeOf(escaped)) > (before[1] ?? 0)).toBe(true);
  });

  it('a stopped tree still ends on kill (SIGCONT follows SIGTERM), without needing SIGKILL', async () => {
    const { pid } = await startTree();
    const tree = liveTree(pid);
    await stopProcessTree(pid);
    const result = await killProcessTree(pid, { marker: [SESSION_MARKER_VAR, 'tree-signal-test'], graceMs: 1500 });
    expect(result.survivors).toEqual([]);
    expect(result.forced).toEqual([]);
    for (const p of tree) expect(isGone(p)).toBe(true);
  });
});
