import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJsonAdapter } from '../../../../../electron/core/store/durableAdapter.js';
import { faultyFs } from '../../../../fixtures/store/faultyFs.js';

const docSchema = z.object({ n: z.int(), items: z.array(z.string()) });
type Doc = z.infer<typeof docSchema>;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-adapter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DurableJsonAdapter', () => {
  it('serves lowdb: write then read back', async () => {
    const path = join(dir, 'doc.json');
    const db = new Low<Doc>(new DurableJsonAdapter(path, docSchema), { n: 0, items: [] });
    await db.update((d) => {
      d.n = 2;
      d.items.push('a');
    });
    const again = new Low<Doc>(new DurableJsonAdapter(path, docSchema), { n: 0, items: [] });
    await again.read();
    expect(again.data).toEqual({ n: 2, items: ['a'] });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ n: 2, items: ['a'] });
  });

  it('writes through fsync (not lowdb\'s own writer)', async () => {
    const fs = faultyFs();
    await new DurableJsonAdapter(join(dir, 'doc.json'), docSchema, fs).write({ n: 1, items: [] });
    expect(fs.calls.filter((c) => c.op === 'sync')).toHaveLength(2); // the file, then the folder
  });

  it('tells missing, damaged and valid apart', async () => {
    const path = join(dir, 'doc.json');
    const adapter = new DurableJsonAdapter(path, docSchema);
    expect(await adapter.inspect()).toEqual({ status: 'missing' });
    expect(await adapter.read()).toBeNull();
    await writeFile(path, '');
    expect(await adapter.inspect()).toMatchObject({ status: 'corrupt', reason: 'the file is empty' });
    await writeFile(path, '{"n": 1, "ite');
    expect(await adapter.inspect()).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/^not JSON/) });
    await writeFile(path, '{"n": "one", "items": []}');
    expect(await adapter.inspect()).toMatchObject({ status: 'corrupt', reason: expect.stringMatching(/schema.*n/) });
    await expect(adapter.read()).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining(path) });
    await writeFile(path, '{"n": 1, "items": ["x"]}');
    expect(await adapter.inspect()).toEqual({ status: 'ok', data: { n: 1, items: ['x'] } });
  });

  it('applies overlapping writes in call order: the last call wins', async () => {
    const path = join(dir, 'doc.json');
    const adapter = new DurableJsonAdapter(path, docSchema);
    const doc: Doc = { n: 0, items: [] };
    const writes: Array<Promise<void>> = [];
    for (let i = 1; i <= 20; i++) {
      doc.n = i; // mutated while earlier writes are in flight
      writes.push(adapter.write(doc));
    }
    await Promise.all(writes);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ n: 20, items: [] });
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('a failed write does not block the next one', async () => {
    const path = join(dir, 'doc.json');
    let full = true;
    const adapter = new DurableJsonAdapter(path, docSchema, faultyFs((op) => (full && op === 'write' ? { code: 'ENOSPC' } : undefined)));
    await expect(adapter.write({ n: 1, items: [] })).rejects.toMatchObject({ code: 'storage' });
    full = false;
    await adapter.write({ n: 2, items: [] });
    expect(await adapter.read()).toEqual({ n: 2, items: [] });
  });
});
