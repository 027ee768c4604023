import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../../electron/base/sha256.js';
import { openJournal, scanJournal, type JournalClock } from '../../../../../electron/core/store/journal.js';
import { canonicalJson } from '../../../../../shared/canonicalJson.js';
import { VigilError } from '../../../../../shared/errors.js';
import { verifyChain, type JournalEntry } from '../../../../../shared/journal.js';
import { faultyFs } from '../../../../fixtures/store/faultyFs.js';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-journal-'));
  path = join(dir, 'journal.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function manualClock(wall = Date.UTC(2026, 0, 1, 9), mono = 1000): JournalClock & { wall: number; mono: number } {
  return {
    wall,
    mono,
    wallNow() {
      return this.wall;
    },
    monoNow() {
      return this.mono;
    },
  };
}

async function lines(): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').slice(0, -1);
}

async function writeThree(): Promise<JournalEntry[]> {
  const journal = await openJournal({ path });
  await journal.append('state', { from: 'checked-in', to: 'preflight' });
  await journal.append('answer', { itemId: 'q1', value: { text: 'B-tree', n: 2 } });
  await journal.append('flag', { itemId: 'q1', flagged: true });
  await journal.close();
  return journal.entries();
}

describe('journal appends', () => {
  it('writes one canonical, hash-chained line per entry that reopening reads back', async () => {
    const written = await writeThree();
    const onDisk = await lines();
    expect(onDisk).toEqual(written.map((e) => canonicalJson(e)));
    expect(verifyChain(written, sha256Hex)).toMatchObject({ ok: true, lastSeq: 3 });
    expect(written.map((e) => [e.seq, e.type])).toEqual([
      [1, 'state'],
      [2, 'answer'],
      [3, 'flag'],
    ]);
    expect(written[0]?.prev).toBeNull();
    expect(written[1]?.prev).toBe(written[0]?.hash);

    const again = await openJournal({ path });
    expect(again.entries()).toEqual(written);
    const fourth = await again.append('answer', { itemId: 'q2', value: 7 });
    expect(fourth).toMatchObject({ seq: 4, prev: written[2]?.hash });
    await again.close();
  });

  it('resolves an append only after its line is written and fdatasync\'ed', async () => {
    const fs = faultyFs();
    const journal = await openJournal({ path, fs });
    const before = fs.calls.length;
    await journal.append('answer', { itemId: 'q1', value: 'x' });
    const ops = fs.calls.slice(before).map((c) => c.op);
    expect(ops).toEqual(['write', 'datasync']);
    await journal.close();
  });

  it('keeps seq and prev consistent under concurrent appends, sharing syncs', async () => {
    const fs = faultyFs();
    const journal = await openJournal({ path, fs });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => journal.append('answer', { itemId: `q${i % 5}`, value: i })));
    expect(results.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(results.map((e) => (e.data as { value: number }).value)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(verifyChain(results, sha256Hex).ok).toBe(true);
    // Group commit: appends waiting during a sync share the next one.
    expect(fs.calls.filter((c) => c.op === 'datasync').length).toBeLessThan(60);
    await journal.close();
    const reopened = await openJournal({ path });
    expect(reopened.entries()).toEqual(results);
    await reopened.close();
  });

  it('tells listeners about each durable entry, in order, before the append resolves', async () => {
    const journal = await openJournal({ path });
    const seen: number[] = [];
    journal.subscribe((e) => seen.push(e.seq));
    const first = journal.append('answer', { itemId: 'q1', value: 1 }).then((e) => expect(seen).toContain(e.seq));
    const second = journal.append('answer', { itemId: 'q1', value: 2 });
    await Promise.all([first, second]);
    expect(seen).toEqual([1, 2]);
    await journal.close();
  });

  it('rejects invalid typed data as invalid-params and non-JSON values as bugs, writing nothing', async () => {
    const journal = await openJournal({ path });
    await expect(journal.append('answer', { itemId: '', value: 1 })).rejects.toMatchObject({ code: 'invalid-params', message: expect.stringContaining('answer.itemId') });
    await expect(journal.append('state', { from: 'ready', to: 'nowhere' as 'ready' })).rejects.toBeInstanceOf(VigilError);
    await expect(journal.append('answer', { itemId: 'q1', value: Number.NaN })).rejects.toBeInstanceOf(TypeError);
    await expect(journal.append('command', { at: new Date() })).rejects.toBeInstanceOf(TypeError);
    const ok = await journal.append('command', { kind: 'add-time', minutes: 5 });
    expect(ok.seq).toBe(1);
    await journal.close();
    expect(await lines()).toHaveLength(1);
  });

  it('stores a copy of the data, not the caller\'s object', async () => {
    const journal = await openJournal({ path });
    const value = { text: 'a' };
    const entry = await journal.append('answer', { itemId: 'q1', value });
    value.text = 'changed';
    expect(entry.data).toEqual({ itemId: 'q1', value: { text: 'a' } });
    await journal.close();
  });

  it('stamps wall time and a monotonic time that continues across reopening', async () => {
    const clock = manualClock();
    let journal = await openJournal({ path, clock });
    clock.mono += 250;
    const a = await journal.append('timer', { elapsedMs: 250 });
    expect(a.at).toBe('2026-01-01T09:00:00.000Z');
    expect(a.mono).toBe(250);
    clock.mono -= 100; // a misbehaving clock must never make mono go backwards
    expect((await journal.append('timer', { elapsedMs: 250 })).mono).toBe(250);
    await journal.close();

    const later = manualClock(Date.UTC(2026, 0, 1, 10), 5); // a new process: its monotonic clock restarted
    journal = await openJournal({ path, clock: later });
    later.mono += 40;
    expect((await journal.append('timer', { elapsedMs: 290 })).mono).toBe(290);
    await journal.close();
  });

  it('refuses appends once closed', async () => {
    const journal = await openJournal({ path });
    await journal.close();
    await expect(journal.append('answer', { itemId: 'q', value: 1 })).rejects.toMatchObject({ code: 'invalid-state' });
  });
});

describe('journal disk errors', () => {
  it('on ENOSPC mid-write: a clear storage error, nothing half-written, and a retry works once space is back', async () => {
    let full = false;
    const fs = faultyFs((op, p) => (full && p === path && op === 'write' ? { code: 'ENOSPC', partialBytes: 17 } : undefined));
    const journal = await openJournal({ path, fs });
    const first = await journal.append('answer', { itemId: 'q1', value: 'kept' });
    const before = await readFile(path);

    full = true;
    const failure = await journal.append('answer', { itemId: 'q1', value: 'lost' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VigilError);
    expect(failure).toMatchObject({ code: 'storage', message: `could not append to ${path}: the disk is full (ENOSPC)` });
    expect(journal.head).toEqual({ lastSeq: 1, headHash: first.hash });
    expect(journal.entries()).toHaveLength(1);
    expect(await readFile(path)).toEqual(before); // the 17 bytes that made it were cut

    full = false;
    const retried = await journal.append('answer', { itemId: 'q1', value: 'retried' });
    expect(retried).toMatchObject({ seq: 2, prev: first.hash });
    await journal.close();
    const reopened = await openJournal({ path });
    expect(reopened.entries().map((e) => (e.data as { value: string }).value)).toEqual(['kept', 'retried']);
    expect(reopened.openRepair).toBeNull();
    await reopened.close();
  });

  it('on EIO from fdatasync: the append fails and the entry is not kept', async () => {
    let failSync = false;
    const fs = faultyFs((op) => (failSync && op === 'datasync' ? { code: 'EIO' } : undefined));
    const journal = await openJournal({ path, fs });
    await journal.append('answer', { itemId: 'q1', value: 1 });
    failSync = true;
    await expect(journal.append('answer', { itemId: 'q1', value: 2 })).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('input/output error') });
    failSync = false;
    await journal.append('answer', { itemId: 'q1', value: 3 });
    await journal.close();
    const reopened = await openJournal({ path });
    expect(reopened.entries().map((e) => (e.data as { value: number }).value)).toEqual([1, 3]);
    await reopened.close();
  });

  it('when even the cut fails, the next append cuts first', async () => {
    let broken = false;
    const fs = faultyFs((op, p) => {
      if (!broken || p !== path) return undefined;
      if (op === 'write') return { code: 'EIO', partialBytes: 9 };
      if (op === 'truncate') return { code: 'EIO' };
      return undefined;
    });
    const journal = await openJournal({ path, fs });
    await journal.append('answer', { itemId: 'q1', value: 1 });
    broken = true;
    await expect(journal.append('answer', { itemId: 'q1', value: 2 })).rejects.toMatchObject({ code: 'storage' });
    broken = false;
    await journal.append('answer', { itemId: 'q1', value: 3 });
    await journal.close();
    const reopened = await openJournal({ path });
    expect(reopened.openRepair).toBeNull();
    expect(reopened.entries().map((e) => (e.data as { value: number }).value)).toEqual([1, 3]);
    await reopened.close();
  });
});

describe('journal recovery on open', () => {
  const tornCases: Array<[string, (line: string) => string]> = [
    ['a partial last line', (line) => line.slice(0, 40)],
    ['a garbage last line', () => '\u0000\u0000\u0000\u0000garbage\n'],
    ['a complete entry that lost its line end', (line) => line.slice(0, -1)],
    ['an entry whose hash does not match', (line) => line.replace('"value":"C"', '"value":"D"')],
  ];

  for (const [name, damage] of tornCases) {
    it(`cuts ${name}, quarantines the cut bytes and journals the repair`, async () => {
      const written = await writeThree();
      const fourth = await (async () => {
        const j = await openJournal({ path });
        const e = await j.append('answer', { itemId: 'q3', value: 'C' });
        await j.close();
        return e;
      })();
      const text = await readFile(path, 'utf8');
      const lastLine = `${canonicalJson(fourth)}\n`;
      const damaged = text.slice(0, text.length - lastLine.length) + damage(lastLine);
      await writeFile(path, damaged);
      const cut = Buffer.from(damaged).subarray(Buffer.byteLength(text) - Buffer.byteLength(lastLine));

      const journal = await openJournal({ path, clock: manualClock() });
      const entries = journal.entries();
      expect(entries.slice(0, 3)).toEqual(written);
      expect(entries).toHaveLength(4);
      const repair = entries[3] as JournalEntry;
      expect(repair).toMatchObject({ seq: 4, type: 'repair', prev: written[2]?.hash, data: { what: 'journal-tail', bytes: cut.length } });
      expect(journal.openRepair).toEqual(repair.data);
      const quarantined = join(dir, (repair.data as { quarantined: string }).quarantined);
      expect(quarantined).toBe(join(dir, 'quarantine', 'journal.jsonl.tail.2026-01-01T09-00-00-000Z'));
      expect(await readFile(quarantined)).toEqual(cut);
      await journal.append('answer', { itemId: 'q9', value: 'after' });
      await journal.close();

      const reopened = await openJournal({ path });
      expect(reopened.openRepair).toBeNull();
      expect(verifyChain(reopened.entries(), sha256Hex)).toMatchObject({ ok: true, lastSeq: 5 });
      await reopened.close();
    });
  }

  it('recovers the entries before damage in the middle, keeps the whole damaged file in quarantine and journals the repair', async () => {
    await writeThree();
    const text = await readFile(path, 'utf8');
    const tampered = text.replace('"text":"B-tree"', '"text":"LSM"');
    await writeFile(path, tampered);
    const journal = await openJournal({ path });
    const entries = journal.entries();
    expect(entries.map((e) => e.type)).toEqual(['state', 'repair']);
    expect(entries[1]?.data).toMatchObject({ what: 'journal-damage', line: 2, intactEntries: 1, detail: expect.stringMatching(/damaged at entry seq 2 \(line 2\): hash does not match.*and entry seq 3 follows on line 3\. Recovered the 1 entries before it/) });
    expect(journal.openRepair).toEqual(entries[1]?.data);
    expect(verifyChain(entries, sha256Hex)).toMatchObject({ ok: true, lastSeq: 2 });
    await journal.close();
    const copies = await readdir(join(dir, 'quarantine'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(dir, 'quarantine', copies[0] as string), 'utf8')).toBe(tampered);
    // What is on disk now opens cleanly: the repair is durable and not repeated.
    const reopened = await openJournal({ path });
    expect(reopened.openRepair).toBeNull();
    expect(reopened.entries()).toHaveLength(2);
    await reopened.close();
  });

  it('recovers up to a garbage line followed by real entries', async () => {
    await writeThree();
    const [l1, l2, l3] = await lines();
    await writeFile(path, `${l1}\n${l2?.slice(0, 20)}\n${l3}\n`);
    const journal = await openJournal({ path });
    expect(journal.entries().map((e) => e.seq)).toEqual([1, 2]);
    expect(journal.openRepair).toMatchObject({ what: 'journal-damage', line: 2, intactEntries: 1 });
    await journal.close();
  });

  it('recovers up to an entry that does not continue the chain, even as the last line', async () => {
    await writeThree();
    const [l1, , l3] = await lines();
    await writeFile(path, `${l1}\n${l3}\n`);
    const journal = await openJournal({ path });
    expect(journal.openRepair).toMatchObject({ what: 'journal-damage', detail: expect.stringContaining('expected seq 2, found 3') });
    expect(journal.entries().map((e) => e.type)).toEqual(['state', 'repair']);
    await journal.close();
  });

  it('opens an empty or missing journal as a new one', async () => {
    await writeFile(path, '');
    const journal = await openJournal({ path });
    expect(journal.entries()).toEqual([]);
    await journal.close();
    expect(scanJournal(Buffer.alloc(0))).toEqual({ kind: 'clean', entries: [] });
  });

  it('reports a file it cannot read as a storage error naming it', async () => {
    await appendFile(path, '');
    const fs = faultyFs((op, p) => (op === 'readFile' && p === path ? { code: 'EIO' } : undefined));
    await expect(openJournal({ path, fs })).rejects.toMatchObject({ code: 'storage', message: `could not read ${path}: the disk reported an input/output error (EIO)` });
  });
});
