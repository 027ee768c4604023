import { readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingToAsciicast } from '../../../electron/core/terminal/recordingFormat.js';
import { runCli } from '../../support/cliProcess.js';
import { openShell, removeDir, requireTool, tempDir } from './harness.js';

/**
 * Recordings are raw bytes with times (`.rec`), read as asciicast v2 (`vigil cast`), which must
 * play in asciinema's own tools (DESIGN 7). Debian's asciinema 2.x is the reference parser here;
 * its `cat` needs a terminal, so it runs inside one of our own shells.
 */
let root: string;
beforeEach(async () => {
  root = await tempDir('vigil-cast-');
});
afterEach(async () => {
  await removeDir(root);
});

describe('terminal recordings', () => {
  it('read by `vigil cast` are asciicast v2 that `asciinema cat` reads back, with input and resize events', async () => {
    const version = requireTool('asciinema', ['--version'], 'install the Debian package "asciinema" (CI runs apt-get install asciinema)');
    expect(version).toMatch(/asciinema 2\./);
    const help = requireTool('asciinema', ['--help'], 'install asciinema 2.x, whose CLI has `cat`');
    expect(help).toMatch(/\bcat\b/);

    const recordDir = join(root, 'attempt', 'terminal');
    const s = await openShell({ cwd: root, recordDir, sandbox: { enabled: false, network: false }, cols: 90, rows: 20 });
    await s.run('echo "cast-€😀-$((2+3))"', 'cast-€😀-5');
    s.session.resize(100, 30);
    await s.run('stty size', '30 100');
    const castPath = s.session.castPath as string;
    await s.session.kill();
    expect(castPath).toBe(join(recordDir, 'item-1.rec'));

    const cast = join(root, 'item-1.cast');
    const converted = await runCli(['cast', castPath, '--out', cast]);
    expect(converted).toMatchObject({ code: 0, stderr: '' });
    const lines = (await readFile(cast, 'utf8')).trimEnd().split('\n');
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(header).toMatchObject({ version: 2, width: 90, height: 20, env: { TERM: 'xterm-256color', SHELL: expect.stringMatching(/\/(bash|sh)$/) } });
    expect(header.timestamp).toEqual(expect.any(Number));
    const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.some(([, code, data]) => code === 'i' && data.includes('echo "cast-€😀'))).toBe(true);
    expect(events).toContainEqual([expect.any(Number), 'r', '100x30']);
    const times = events.map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // asciinema's parser, in a terminal of our own.
    const viewer = await openShell({ cwd: root, sandbox: { enabled: false, network: false } });
    try {
      const out = await viewer.run(`asciinema cat ${cast}; echo "[cat-rc=$?]"`, /\[cat-rc=\d+\]/, 20_000);
      expect(out).toContain('[cat-rc=0]');
      expect(out).toContain('cast-€😀-5');
      expect(out).toContain('30 100');
    } finally {
      await viewer.session.kill();
    }
  });

  it('a restart starts the next numbered recording and closes the previous one complete', async () => {
    const recordDir = join(root, 'terminal');
    const s = await openShell({ cwd: root, recordDir, sandbox: { enabled: false, network: false } });
    await s.run('echo gen-$((1*1))', 'gen-1');
    await s.session.restart();
    await s.run('echo gen-$((1+1))', 'gen-2');
    await s.session.kill();
    const first = recordingToAsciicast(await readFile(join(recordDir, 'item-1.rec'))).text;
    const second = recordingToAsciicast(await readFile(join(recordDir, 'item-2.rec'))).text;
    expect(first).toContain('gen-1');
    expect(first).not.toContain('gen-2');
    expect(second).toContain('gen-2');
    expect(first.endsWith('\n') && second.endsWith('\n')).toBe(true);
  });

  it('a recording torn by a crash is cut back to its last whole record and still plays', async () => {
    const recordDir = join(root, 'terminal');
    const s = await openShell({ cwd: root, recordDir, sandbox: { enabled: false, network: false } });
    await s.run('echo before-$((2*2))', 'before-4');
    await s.run('echo "torn-$((3*3))-tail"', 'torn-9-tail');
    await s.session.kill();
    const path = join(recordDir, 'item-1.rec');
    // The app died in the middle of appending the last record: its last 3 bytes never reached the disk.
    await truncate(path, (await stat(path)).size - 3);
    const out = await runCli(['cast', path]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/cut back a torn last record \(\d+ bytes/);
    const events = out.stdout.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.some(([, code, data]) => code === 'o' && data.includes('before-4'))).toBe(true);

    const bad = await runCli(['cast', join(root, 'nothing.rec')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('nothing.rec');
  });
});
