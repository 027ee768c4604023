import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalLog, type WalDamage } from '../../../../../electron/hub/store/walLog.js';

describe('WalLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-wal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = async (segmentBytes?: number) => {
    const records: unknown[] = [];
    const damage: WalDamage[] = [];
    const log = await WalLog.open({ dir: join(dir, 'log'), quarantineDir: join(dir, 'quarantine'), segmentBytes, onDamage: (d) => damage.push(d) }, (r) => records.push(r));
    return { log, records, damage };
  };

  it('replays appended records in order, including concurrent appends sharing a sync', async () => {
    const { log } = await open();
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([JSON.stringify({ i })])));
    await log.append([JSON.stringify({ i: 50 }), JSON.stringify({ i: 51 })]);
    await log.close();
    const { log: again, records } = await open();
    await again.close();
    expect(records).toEqual(Array.from({ length: 52 }, (_, i) => ({ i })));
  });

  it('reads a record back by its position', async () => {
    const { log } = await open();
    const [a] = await log.append([JSON.stringify({ a: 1 })]);
    const [b] = await log.append([JSON.stringify({ b: 'two' })]);
    expect(JSON.parse(await log.read(b!))).toEqual({ b: 'two' });
    expect(JSON.parse(await log.read(a!))).toEqual({ a: 1 });
    await log.close();
  });

  it('cuts a torn last line (an interrupted append) and keeps its bytes in quarantine', async () => {
    const { log } = await open();
    await log.append([JSON.stringify({ ok: 1 })]);
    await log.close();
    const segment = join(dir, 'log', '000001.jsonl');
    await appendFile(segment, '{"torn":');
    const { log: again, records, damage } = await open();
    expect(records).toEqual([{ ok: 1 }]);
    expect(damage).toHaveLength(1);
    expect(await readFile(segment, 'utf8')).toBe('{"ok":1}\n');
    expect(await readdir(join(dir, 'quarantine'))).toHaveLength(1);
    // Appends continue after the cut.
    await again.append([JSON.stringify({ ok: 2 })]);
    await again.close();
    expect((await open()).records).toEqual([{ ok: 1 }, { ok: 2 }]);
  });

  it('a damaged line in the middle is set aside; the records around it are kept', async () => {
    const segment = join(dir, 'log', '000001.jsonl');
    const { log } = await open();
    await log.close();
    await writeFile(segment, '{"a":1}\nnot json\n{"b":2}\n');
    const { log: again, records, damage } = await open();
    await again.close();
    expect(records).toEqual([{ a: 1 }, { b: 2 }]);
    expect(damage[0]?.reason).toMatch(/not valid JSON/);
  });

  it('rotates segments and replays across them', async () => {
    const { log } = await open(200);
    for (let i = 0; i < 20; i++) await log.append([JSON.stringify({ i, pad: 'x'.repeat(40) })]);
    await log.close();
    expect((await readdir(join(dir, 'log'))).length).toBeGreaterThan(3);
    const { log: again, records } = await open(200);
    await again.close();
    expect(records.map((r) => (r as { i: number }).i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
