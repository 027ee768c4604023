import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSandbox } from '../../../electron/core/terminal/sandbox.js';
import { prepareWorkspace } from '../../../electron/core/workspace/prepareWorkspace.js';
import { openShell, removeDir, tempDir, type ShellUnderTest } from './harness.js';

/**
 * DESIGN 7 and 9: from inside the candidate's shell the app data (journal, device key), the exam
 * package (key.json, hidden tests) and the real home are invisible, nothing outside the workspace
 * is writable, and there is no network unless the exam allows it. Linux only; on Linux a missing
 * or broken bubblewrap FAILS these tests (CI installs it), it never skips them.
 */
describe.runIf(process.platform === 'linux')('the sandboxed shell', () => {
  const tag = `vigil-escape-${process.pid}-${Date.now()}`;
  let root: string;
  let appData: string;
  let pkg: string;
  let workspace: string;
  let server: Server;
  let port = 0;
  let connections = 0;
  let closed: ShellUnderTest;
  let open: ShellUnderTest;

  /** Runs a command line in the shell and returns its exit status and the output before it. */
  let calls = 0;
  async function status(s: ShellUnderTest, line: string): Promise<{ rc: number; out: string }> {
    // A token per call, so a late line of an earlier command can never be taken for this one's.
    const token = `rc${++calls}`;
    const pattern = new RegExp(`\\[${token}=(\\d+)\\]`);
    const out = await s.run(`${line}; echo "[${token}=$?]"`, pattern, 20_000);
    return { rc: Number(pattern.exec(out)?.[1]), out };
  }

  beforeAll(async () => {
    const detection = await detectSandbox();
    if (!detection.available) {
      throw new Error(`bubblewrap is required on Linux: install it (e.g. apt-get install bubblewrap). ${detection.detail}`);
    }
    root = await tempDir('vigil-sandbox-');
    appData = join(root, 'appdata');
    pkg = join(root, 'packages', 'lead-backend');
    const attemptDir = join(appData, 'attempts', 'a1');
    await mkdir(join(attemptDir, 'journal'), { recursive: true });
    await writeFile(join(attemptDir, 'journal', 'journal.jsonl'), '{"secret":"SECRET-JOURNAL"}\n');
    await writeFile(join(appData, 'device.json'), '{"privateKey":"SECRET-DEVICE"}');
    await mkdir(join(pkg, 'tasks', 'sum', 'starter'), { recursive: true });
    await mkdir(join(pkg, 'tasks', 'sum', 'hidden'), { recursive: true });
    await writeFile(join(pkg, 'tasks', 'sum', 'starter', 'sum.js'), 'module.exports = (a, b) => a + b;\n');
    await writeFile(join(pkg, 'tasks', 'sum', 'hidden', 'sum.hidden.test.js'), '// SECRET-HIDDEN\n');
    await writeFile(join(pkg, 'key.json'), '{"items":{"sum":"SECRET-KEY"}}');
    ({ dir: workspace } = await prepareWorkspace({ packageDir: pkg, task: 'tasks/sum', attemptDir, itemId: 'sum' }));

    server = createServer((socket) => {
      connections++;
      socket.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;

    closed = await openShell({ cwd: workspace, sandbox: { enabled: true, network: false }, hidePaths: [appData, pkg] });
    open = await openShell({ cwd: workspace, sandbox: { enabled: true, network: true }, hidePaths: [appData, pkg] });
    expect(closed.session.sandboxed).toBe(true);
  });

  afterAll(async () => {
    await Promise.all([closed?.session.kill(), open?.session.kill()]);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (root) await removeDir(root);
  });

  it('works in its workspace: starter files readable, new files land in the real workspace', async () => {
    expect((await status(closed, 'cat sum.js')).out).toContain('a + b');
    expect((await status(closed, `echo inside > made-inside.txt && pwd`)).out).toContain('/workspace');
    expect(existsSync(join(workspace, 'made-inside.txt'))).toBe(true);
    // The toolchain runs: node and npm from the read-only binds, UTF-8 locale, job control.
    expect((await status(closed, `node -e "console.log('sum=' + require('./sum.js')(40, 2))"`)).out).toContain('sum=42');
    expect((await status(closed, 'npm --version')).rc).toBe(0);
    const jobs = await status(closed, 'sleep 30 & jobs; kill %1');
    expect(jobs.out).toMatch(/\[1\]\+? +Running +sleep 30/);
  });

  it('cannot read the journal or the device key in the app data', async () => {
    for (const path of [join(appData, 'attempts', 'a1', 'journal', 'journal.jsonl'), join(appData, 'device.json')]) {
      const r = await status(closed, `cat ${path}`);
      expect(r.rc).not.toBe(0);
      expect(r.out).not.toMatch(/SECRET-(JOURNAL|DEVICE)/);
    }
    // Nor by walking up from the workspace, nor by searching every file the sandbox shows
    // (except the read-only toolchain in /usr and the kernel's /proc and /sys).
    const walk = await status(closed, 'cat ../journal/journal.jsonl ../../device.json ../../../device.json');
    expect(walk.rc).not.toBe(0);
    expect(walk.out).not.toMatch(/"secret"|privateKey/);
    const search = await status(
      closed,
      'echo "[found=$(grep -rsl -D skip SECRET- / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr --exclude-dir=dev | wc -l)]"',
    );
    expect(search.out).toContain('[found=0]');
  });

  it("cannot read the package's key.json or hidden tests", async () => {
    const key = await status(closed, `cat ${join(pkg, 'key.json')}`);
    expect(key.rc).not.toBe(0);
    expect(key.out).not.toContain('"items"');
    const hidden = await status(closed, `ls ${join(pkg, 'tasks', 'sum', 'hidden')}`);
    expect(hidden.rc).not.toBe(0);
    expect(hidden.out).not.toContain('sum.hidden.test.js\r');
  });

  it("cannot see the app's processes or the real home", async () => {
    const env = await status(closed, `cat /proc/${process.pid}/environ`);
    expect(env.rc).not.toBe(0);
    const home = await status(closed, `ls -a ${homedir()}`);
    expect(home.rc).not.toBe(0);
  });

  it('cannot write outside the workspace: not the real home, /usr, the app data or the package', async () => {
    const targets = [join(homedir(), tag), `/usr/${tag}`, join(appData, tag), join(pkg, tag), `/${tag}`];
    for (const target of targets) {
      const r = await status(closed, `echo pwned > ${target}`);
      expect(r.rc, target).not.toBe(0);
      expect(existsSync(target), target).toBe(false);
    }
  });

  it('cannot connect to a server on the host loopback without terminalNetwork', async () => {
    const before = connections;
    const node = await status(
      closed,
      `node -e "require('net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', (e) => { console.log('refused:' + e.code); process.exit(3) })"`,
    );
    expect(node.rc).toBe(3);
    expect(node.out).toMatch(/refused:E[A-Z]+/);
    const bash = await status(closed, `exec 3<>/dev/tcp/127.0.0.1/${port}`);
    expect(bash.rc).not.toBe(0);
    expect(connections).toBe(before);
  });

  it('connects when terminalNetwork is true', async () => {
    const before = connections;
    const node = await status(
      open,
      `node -e "require('net').connect(${port}, '127.0.0.1').on('data', (d) => { console.log('got:' + d); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(3) })"`,
    );
    expect(node.rc).toBe(0);
    expect(node.out).toContain('got:hello');
    expect(connections).toBe(before + 1);
  });
});
