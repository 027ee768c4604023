import { randomInt } from 'node:crypto';
import { access, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGradingSandbox, type GradingSandbox } from '../../../electron/core/grading/coding/gradingSandbox.js';
import { runGradingCommand } from '../../../electron/core/grading/coding/runGradingCommand.js';
import { detectSandbox } from '../../../electron/core/terminal/sandbox.js';

/** Pids of live processes whose command line contains `token`. */
async function processesWith(token: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const zombie = / Z /.test(stat.slice(stat.lastIndexOf(')')));
    if (cmdline.includes(token) && !zombie) found.push(Number(name));
  }
  return found;
}

let root: string;
let none: GradingSandbox;
let auto: GradingSandbox;
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'vigil-coding-run-')));
  none = await resolveGradingSandbox('none');
  auto = await resolveGradingSandbox('auto');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function copyDir(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  return dir;
}

describe('runGradingCommand', () => {
  it('caps a 100 MB output: keeps the head for parsing and the tail for feedback, reads to the end', async () => {
    const dir = await copyDir('flood');
    const cap = 1024 * 1024;
    const outcome = await runGradingCommand({
      dir,
      command: `head -c 100000000 /dev/zero | tr '\\0' x; echo the-end >&2`,
      timeoutMs: 60_000,
      outputCapBytes: cap,
      sandbox: auto,
    });
    expect(outcome).toMatchObject({ exitCode: 0, timedOut: false, truncated: true, stdoutBytes: 100_000_000 });
    expect(outcome.stdout.length).toBe(cap);
    expect(outcome.stdout.every((b) => b === 0x78)).toBe(true);
    expect(outcome.tail).toMatch(/x+the-end\n$/);
    expect(outcome.tail.length).toBeLessThanOrEqual(4096);
  });

  it('on timeout ends the whole tree: the group, background jobs and setsid escapees', async () => {
    const dir = await copyDir('timeout');
    const token = `1000.${randomInt(100_000, 999_999)}`;
    const outcome = await runGradingCommand({
      dir,
      command: `sleep ${token} & setsid sleep ${token} & node -e "while (true) {}" ${token}`,
      timeoutMs: 1000,
      outputCapBytes: 1024,
      sandbox: none,
      killGraceMs: 300,
    });
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).toBeNull();
    expect(outcome.survivors).toEqual([]);
    expect(await processesWith(token)).toEqual([]);
  });

  it('after a normal exit, strays the command left running are ended too', async () => {
    const dir = await copyDir('strays');
    const token = `1000.${randomInt(100_000, 999_999)}`;
    const outcome = await runGradingCommand({ dir, command: `setsid sleep ${token} > /dev/null 2>&1 & echo started`, timeoutMs: 30_000, outputCapBytes: 1024, sandbox: none });
    expect(outcome).toMatchObject({ exitCode: 0, timedOut: false });
    expect(outcome.stdout.toString()).toBe('started\n');
    expect(await processesWith(token)).toEqual([]);
  });

  it('a command that cannot start is a system error', async () => {
    const dir = await copyDir('nospawn');
    const broken: GradingSandbox = { ...auto, kind: 'bubblewrap', bwrapPath: join(root, 'no-such-bwrap') };
    await expect(runGradingCommand({ dir, command: 'true', timeoutMs: 5000, outputCapBytes: 1024, sandbox: broken })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('runs with a clean environment: HOME is the copy, no NODE_OPTIONS, CI=1', async () => {
    const dir = await copyDir('env');
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--max-old-space-size=64';
    try {
      const outcome = await runGradingCommand({ dir, command: 'echo "home=$HOME ci=$CI opts=${NODE_OPTIONS-unset} pwd=$(pwd)"', timeoutMs: 10_000, outputCapBytes: 4096, sandbox: none });
      expect(outcome.stdout.toString()).toBe(`home=${dir} ci=1 opts=unset pwd=${dir}\n`);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });
});

describe('the grading sandbox', () => {
  it('with bubblewrap: writes only in the copy, sees no app data or package, has no network', async () => {
    const detection = await detectSandbox();
    if (!detection.available) {
      // Where bubblewrap cannot run, asking for it is a system error, never an unconfined run.
      await expect(resolveGradingSandbox('bubblewrap')).rejects.toMatchObject({ code: 'unavailable' });
      return;
    }
    const appData = join(root, 'appdata');
    const pkg = join(root, 'package');
    await mkdir(appData);
    await mkdir(pkg);
    await writeFile(join(appData, 'device.json'), '{"privateKey":"SECRET"}');
    await writeFile(join(pkg, 'key.json'), '{"answers":"SECRET"}');
    const dir = await copyDir('sandboxed');
    const sandbox = await resolveGradingSandbox('bubblewrap', { hidePaths: [pkg, appData] });
    const command = [
      `cat ${appData}/device.json; echo "read-appdata=$?"`,
      `cat ${pkg}/key.json; echo "read-package=$?"`,
      `echo pwned > ${appData}/pwned; echo "write-appdata=$?"`,
      `echo pwned > ${root}/pwned; echo "write-parent=$?"`,
      `echo inside > inside.txt; echo "write-copy=$?"`,
      `echo "home=$HOME pwd=$(pwd)"`,
      `node -e "require('net').connect(80, '1.1.1.1').on('connect', () => { console.log('net=open'); process.exit(0) }).on('error', (e) => console.log('net=' + e.code))"`,
    ].join('\n');
    const outcome = await runGradingCommand({ dir, command, timeoutMs: 30_000, outputCapBytes: 64 * 1024, sandbox });
    const out = outcome.stdout.toString();
    expect(outcome.sandboxed).toBe(true);
    expect(out).not.toContain('SECRET');
    expect(out).toMatch(/read-appdata=[1-9]/);
    expect(out).toMatch(/read-package=[1-9]/);
    expect(out).toMatch(/write-appdata=[1-9]/);
    expect(out).toMatch(/write-parent=[1-9]/);
    expect(out).toContain('write-copy=0');
    expect(out).toContain('home=/workspace pwd=/workspace');
    expect(out).toMatch(/net=E[A-Z]+/);
    expect(out).not.toContain('net=open');
    await expect(access(join(appData, 'pwned'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(access(join(root, 'pwned'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The write went to the run's own size-capped tmpfs copy, never to the host's disk.
    await expect(access(join(dir, 'inside.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
