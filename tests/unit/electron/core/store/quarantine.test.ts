import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyToQuarantine, moveToQuarantine, quarantineStamp } from '../../../../../electron/core/store/quarantine.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-quarantine-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = Date.UTC(2026, 4, 1, 10, 22, 3, 123);

describe('quarantine', () => {
  it('uses file-name-safe UTC stamps', () => {
    expect(quarantineStamp(at)).toBe('2026-05-01T10-22-03-123Z');
  });

  it('moves a file aside, never overwriting an earlier one', async () => {
    await writeFile(join(dir, 'attempt.json'), 'first');
    const a = await moveToQuarantine(dir, join(dir, 'attempt.json'), 'attempt.json', at);
    await writeFile(join(dir, 'attempt.json'), 'second');
    const b = await moveToQuarantine(dir, join(dir, 'attempt.json'), 'attempt.json', at);
    expect(a).toBe(join(dir, 'quarantine', 'attempt.json.2026-05-01T10-22-03-123Z'));
    expect(b).toBe(`${a}-1`);
    expect(await readFile(a, 'utf8')).toBe('first');
    expect(await readFile(b, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['quarantine']);
  });

  it('stores copied bytes exactly', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    const path = await copyToQuarantine(dir, 'journal.jsonl.tail', bytes, at);
    expect(await readFile(path)).toEqual(bytes);
  });
});
