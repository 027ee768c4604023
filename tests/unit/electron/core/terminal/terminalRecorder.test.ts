import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingToAsciicast } from '../../../../../electron/core/terminal/recordingFormat.js';
import { nextRecordingPath, TerminalRecorder } from '../../../../../electron/core/terminal/terminalRecorder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-rec-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The recording as asciicast v2, one parsed JSON value per line. */
const castLines = async (path: string) =>
  recordingToAsciicast(await readFile(path))
    .text.split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as unknown);

describe('nextRecordingPath', () => {
  it('numbers recordings per item from 1, continuing after existing ones', async () => {
    const rec = join(dir, 'terminal');
    expect(await nextRecordingPath(rec, 'sum')).toEqual({ path: join(rec, 'sum-1.rec'), n: 1 });
    await writeFile(join(rec, 'sum-1.rec'), '');
    await writeFile(join(rec, 'sum-7.rec'), '');
    await writeFile(join(rec, 'sum2-9.rec'), '');
    expect(await nextRecordingPath(rec, 'sum')).toEqual({ path: join(rec, 'sum-8.rec'), n: 8 });
    expect(await nextRecordingPath(rec, 'sum2')).toEqual({ path: join(rec, 'sum2-10.rec'), n: 10 });
  });
});

describe('TerminalRecorder', () => {
  it('records output bytes, input and resizes with times since start, read back as asciicast v2', async () => {
    let now = 500;
    const path = join(dir, 'a-1.rec');
    const rec = await TerminalRecorder.create(
      path,
      { width: 80, height: 24, shell: '/usr/bin/bash', term: 'xterm-256color' },
      { clock: () => now, wallClock: () => 1_700_000_000_123 },
    );
    now = 1500;
    const bytes = Buffer.from('hello € 😀\r\n');
    // A character split between two pty reads is recorded as read and read back whole.
    rec.output(bytes.subarray(0, 8));
    rec.output(bytes.subarray(8));
    now = 2250.5;
    rec.input('ls\r');
    rec.resize(120, 40);
    await rec.close();
    expect(await castLines(path)).toEqual([
      { version: 2, width: 80, height: 24, timestamp: 1_700_000_000, env: { SHELL: '/usr/bin/bash', TERM: 'xterm-256color' } },
      [1, 'o', 'hello '],
      [1, 'o', '€ 😀\r\n'],
      [1.7505, 'i', 'ls\r'],
      [1.7505, 'r', '120x40'],
    ]);
    // Output is stored as raw bytes, not as escaped JSON.
    expect((await readFile(path)).includes(bytes.subarray(8))).toBe(true);
  });

  it('flushes buffered events without being closed, on its interval, in whole records', async () => {
    const path = join(dir, 'b-1.rec');
    const flushed: Buffer[] = [];
    const rec = await TerminalRecorder.create(path, { width: 80, height: 24, shell: 'sh', term: 'xterm' }, { flushIntervalMs: 20, onFlush: (b) => flushed.push(b) });
    rec.output(Buffer.from('buffered'));
    const deadline = Date.now() + 5000;
    while ((await castLines(path)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((await castLines(path))[1]).toEqual([expect.any(Number), 'o', 'buffered']);
    await rec.close();
    expect(Buffer.concat(flushed).equals(await readFile(path))).toBe(true);
  });

  it('never overwrites an existing recording and ignores events after close', async () => {
    const path = join(dir, 'c-1.rec');
    await writeFile(path, 'keep');
    await expect(TerminalRecorder.create(path, { width: 1, height: 1, shell: 'sh', term: 'x' })).rejects.toMatchObject({ code: 'storage' });
    expect(await readFile(path, 'utf8')).toBe('keep');

    const other = join(dir, 'c-2.rec');
    const rec = await TerminalRecorder.create(other, { width: 1, height: 1, shell: 'sh', term: 'x' });
    await rec.close();
    rec.output(Buffer.from('late'));
    await rec.close();
    expect(await castLines(other)).toHaveLength(1);
  });
});
