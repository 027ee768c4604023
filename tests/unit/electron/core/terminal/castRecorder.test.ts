import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CastRecorder, nextCastPath } from '../../../../../electron/core/terminal/castRecorder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-cast-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown);

describe('nextCastPath', () => {
  it('numbers recordings per item from 1, continuing after existing ones', async () => {
    const rec = join(dir, 'terminal');
    expect(await nextCastPath(rec, 'sum')).toEqual({ path: join(rec, 'sum-1.cast'), n: 1 });
    await writeFile(join(rec, 'sum-1.cast'), '');
    await writeFile(join(rec, 'sum-7.cast'), '');
    await writeFile(join(rec, 'sum2-9.cast'), '');
    expect(await nextCastPath(rec, 'sum')).toEqual({ path: join(rec, 'sum-8.cast'), n: 8 });
    expect(await nextCastPath(rec, 'sum2')).toEqual({ path: join(rec, 'sum2-10.cast'), n: 10 });
  });
});

describe('CastRecorder', () => {
  it('writes an asciicast v2 header and o/i/r events with times since start', async () => {
    let now = 500;
    const path = join(dir, 'a-1.cast');
    const rec = await CastRecorder.create(
      path,
      { width: 80, height: 24, shell: '/usr/bin/bash', term: 'xterm-256color' },
      { clock: () => now, wallClock: () => 1_700_000_000_123 },
    );
    now = 1500;
    rec.output('hello € 😀\r\n');
    now = 2250.5;
    rec.input('ls\r');
    rec.resize(120, 40);
    await rec.close();
    expect(await lines(path)).toEqual([
      { version: 2, width: 80, height: 24, timestamp: 1_700_000_000, env: { SHELL: '/usr/bin/bash', TERM: 'xterm-256color' } },
      [1, 'o', 'hello € 😀\r\n'],
      [1.7505, 'i', 'ls\r'],
      [1.7505, 'r', '120x40'],
    ]);
  });

  it('flushes buffered events without being closed, on its interval', async () => {
    const path = join(dir, 'b-1.cast');
    const rec = await CastRecorder.create(path, { width: 80, height: 24, shell: 'sh', term: 'xterm' }, { flushIntervalMs: 20 });
    rec.output('buffered');
    const deadline = Date.now() + 5000;
    while ((await lines(path)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((await lines(path))[1]).toEqual([expect.any(Number), 'o', 'buffered']);
    await rec.close();
  });

  it('never overwrites an existing recording and ignores events after close', async () => {
    const path = join(dir, 'c-1.cast');
    await writeFile(path, 'keep');
    await expect(CastRecorder.create(path, { width: 1, height: 1, shell: 'sh', term: 'x' })).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(path, 'utf8')).toBe('keep');

    const other = join(dir, 'c-2.cast');
    const rec = await CastRecorder.create(other, { width: 1, height: 1, shell: 'sh', term: 'x' });
    await rec.close();
    rec.output('late');
    await rec.close();
    expect(await lines(other)).toHaveLength(1);
  });
});
