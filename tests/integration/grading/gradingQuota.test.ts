/**
 * Quotas of a sandboxed grading run (issue 15 point 5): a run cannot fill the host's disk, cannot
 * take the machine's memory, cannot fork without bound, hands its report back although its writes
 * never reach the host, and concurrent runs do not break each other's cgroups.
 */
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADING_CGROUP_PREFIX, GRADING_WORKSPACE_BYTES, resolveGradingSandbox, type GradingSandbox } from '../../../electron/core/grading/coding/gradingSandbox.js';
import { runGradingCommand } from '../../../electron/core/grading/coding/runGradingCommand.js';
import { cgroupOwnerTag, prepareCgroups, releaseCgroups, SANDBOX_MAX_PROCESSES } from '../../../electron/core/terminal/sandboxLaunch.js';
import { detectSandbox } from '../../../electron/core/terminal/sandbox.js';

const bwrapWorks = (await detectSandbox()).available;
let root: string;
let sandbox: GradingSandbox | null = null;
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'vigil-grading-quota-')));
  if (bwrapWorks) sandbox = await resolveGradingSandbox('bubblewrap');
});

it.runIf(!bwrapWorks)('without bubblewrap the hub cannot grade: asking for the sandbox is refused', async () => {
  await expect(resolveGradingSandbox('bubblewrap')).rejects.toMatchObject({ code: 'unavailable' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function copyDir(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

/** Bytes under `dir` on the host. */
async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** The memory controller's folder this process is in, when it can hold our own cgroups. */
async function writableMemoryCgroup(): Promise<boolean> {
  const made = await prepareCgroups('vigil-probe-', { processes: 64, memoryBytes: 64 * 1024 * 1024 });
  await releaseCgroups(made);
  return made.memoryDir !== null;
}

const run = (dir: string, command: string, extra: { timeoutMs?: number; report?: { file: string; capBytes: number } } = {}) => {
  if (!sandbox) throw new Error('no sandbox');
  return runGradingCommand({ dir, command, timeoutMs: extra.timeoutMs ?? 60_000, outputCapBytes: 64 * 1024, sandbox, ...(extra.report ? { report: extra.report } : {}) });
};

describe.runIf(bwrapWorks)('grading quotas under bubblewrap', () => {
  it('2 GB written to the workspace and /tmp stop at the caps; the host copy does not grow', async () => {
    const dir = await copyDir('disk', { 'README.md': 'starter\n' });
    const before = await treeBytes(dir);
    const outcome = await run(
      dir,
      [
        // Four files of 500 MB: each under the file-size rlimit, so only the workspace's own cap stops them.
        'for i in 1 2 3 4; do dd if=/dev/zero of=big$i bs=1M count=500 2>/dev/null || echo "workspace-dd-failed=$i"; done',
        'echo "workspace-bytes=$(cat big* | wc -c)"',
        'dd if=/dev/zero of=/tmp/big bs=1M count=2048 2>/dev/null; echo "tmp-dd=$?"',
        'echo "readme=$(cat README.md)"',
      ].join('\n'),
    );
    const out = outcome.stdout.toString();
    expect(out).toMatch(/workspace-dd-failed=[2-4]/);
    const written = Number(/workspace-bytes=(\d+)/.exec(out)?.[1]);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(GRADING_WORKSPACE_BYTES);
    expect(out).toMatch(/tmp-dd=[1-9]/);
    // The copy was there to read: the quota does not hide the submission.
    expect(out).toContain('readme=starter');
    expect(await treeBytes(dir)).toBe(before);
  });

  it('a submission larger than the quota is refused before the command runs, saying why', async () => {
    const dir = await copyDir('too-big');
    // Sparse on the host; a full copy in the sandbox.
    const big = join(dir, 'data.bin');
    await writeFile(big, '');
    await (await import('node:fs/promises')).truncate(big, GRADING_WORKSPACE_BYTES + 1024 * 1024);
    const outcome = await run(dir, 'echo ran');
    expect(outcome.exitCode).toBe(125);
    expect(outcome.stdout.toString()).not.toContain('ran');
    expect(outcome.tail).toContain('could not be copied into the grading run (too large for its 512 MiB disk quota');
    // cp's own words: the file-size rlimit (one file over 512 MiB) or the tmpfs filling up.
    expect(outcome.tail).toMatch(/File size limit exceeded|No space left on device|File too large/);
  });

  it('memory: a run that takes 3 GB is stopped at the cgroup cap and says so', async () => {
    const capped = await writableMemoryCgroup();
    const dir = await copyDir('memory');
    const outcome = await run(dir, `node -e "const a = []; for (let i = 0; i < 3 * 1024; i++) a.push(Buffer.alloc(1024 * 1024, 1)); console.log('allocated', a.length)"`);
    if (!capped) {
      // Documented: without a writable memory hierarchy there is no memory cap (docs/grading.md).
      expect(outcome.stdout.toString()).toContain('allocated 3072');
      return;
    }
    expect(outcome.memoryCapHit).toBe(true);
    expect(outcome.stdout.toString()).not.toContain('allocated 3072');
  });

  it('processes: of 700 forks, no more than the cap start', async () => {
    const dir = await copyDir('fork');
    // python3 so a refused fork is an exception to count, not the end of the shell (dash exits on one).
    const forks = 'import os, time\nn = 0\nfor i in range(700):\n    try:\n        pid = os.fork()\n    except OSError:\n        break\n    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n    n += 1\nprint("started=%d" % n)\n';
    await writeFile(join(dir, 'forks.py'), forks);
    const outcome = await run(dir, 'python3 forks.py');
    const started = Number(/started=(\d+)/.exec(outcome.stdout.toString())?.[1]);
    expect(started).toBeGreaterThan(10);
    expect(started).toBeLessThan(SANDBOX_MAX_PROCESSES);
  });

  it('hands back the report the command left, capped; no file, or a symlink, is no report', async () => {
    const dir = await copyDir('report');
    const outcome = await run(dir, 'printf "<testsuites>%0500d</testsuites>" 0 > junit.xml', { report: { file: 'junit.xml', capBytes: 100 } });
    expect(outcome.report?.text).toBe(`<testsuites>${'0'.repeat(88)}`);
    expect(outcome.report?.truncated).toBe(true);
    const none = await run(await copyDir('no-report'), 'true', { report: { file: 'junit.xml', capBytes: 100 } });
    expect(none.report).toBeNull();
    // A symlink to a file outside the workspace is no report.
    const link = await run(await copyDir('link-report'), 'ln -s /etc/passwd junit.xml', { report: { file: 'junit.xml', capBytes: 4096 } });
    expect(link.report).toBeNull();
  });

  it('six runs at once all work, and leave no cgroup of theirs behind', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, async (_, i) => run(await copyDir(`concurrent-${i}`), `sleep 0.3; echo run-${i}`)));
    outcomes.forEach((o, i) => {
      expect(o.exitCode).toBe(0);
      expect(o.stdout.toString()).toBe(`run-${i}\n`);
    });
    for (const controller of ['pids', 'memory']) {
      const cgroupFile = await readFile('/proc/self/cgroup', 'utf8');
      const path = cgroupFile.split('\n').find((l) => l.split(':')[1]?.split(',').includes(controller))?.split(':')[2];
      if (path === undefined) continue;
      const names = await readdir(join('/sys/fs/cgroup', controller, path)).catch(() => [] as string[]);
      const tag = await cgroupOwnerTag();
      expect(names.filter((n) => n.startsWith(`${GRADING_CGROUP_PREFIX}${tag}-`))).toEqual([]);
    }
  });

  it("a new cgroup sweeps away dead apps' leftovers but never a live app's", async () => {
    if (!(await writableMemoryCgroup())) return;
    const dead = await prepareCgroups(GRADING_CGROUP_PREFIX, { processes: 64, memoryBytes: 64 * 1024 * 1024 });
    const live = await prepareCgroups(GRADING_CGROUP_PREFIX, { processes: 64, memoryBytes: 64 * 1024 * 1024 });
    // Rename the first as if a crashed app had made it: one with a pid that cannot exist, and one
    // with this very pid but another start time (a container whose hub always gets the same pid).
    const { rename } = await import('node:fs/promises');
    const tag = await cgroupOwnerTag();
    const orphans = dead.dirs.map((d, i) => d.replace(`${GRADING_CGROUP_PREFIX}${tag}-`, i === 0 ? `${GRADING_CGROUP_PREFIX}4194999.5-` : `${GRADING_CGROUP_PREFIX}${process.pid}.1-`));
    for (let i = 0; i < dead.dirs.length; i++) await rename(dead.dirs[i] as string, orphans[i] as string);
    expect(orphans.length).toBeGreaterThan(0);
    const next = await prepareCgroups(GRADING_CGROUP_PREFIX, { processes: 64, memoryBytes: 64 * 1024 * 1024 });
    for (const dir of live.dirs) expect((await stat(dir)).isDirectory()).toBe(true);
    for (const dir of orphans) await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await releaseCgroups(live);
    await releaseCgroups(next);
  });
});
