/**
 * DESIGN 5: one process writes an attempt. A second Vigil process opening the same attempt gets a
 * clear error naming the holder; once the holder closes, or is killed, the attempt opens at once.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAttemptStore } from '../../../electron/core/store/attemptStore.js';
import { bundleFixture } from '../../fixtures/store/bundleFixture.js';

let root: string;
let script: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigil-lock-it-'));
  script = await bundleFixture(join(import.meta.dirname, '../../fixtures/store/holdOpen.ts'), root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Holder = ChildProcessByStdio<Writable, Readable, Readable>;

/** Starts a child holding the attempt open; resolves once it has saved and says so. */
function startHolder(dir: string): Promise<{ child: Holder; pid: number; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^open (\d+)\n/.exec(out);
      if (m) resolve({ child, pid: Number(m[1]), exited });
    });
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`holder exited early (${code}): ${err}`)));
  });
}

describe('single-writer lock across processes', () => {
  it('a second process gets a clear error naming the holder, and opens once the holder closes', async () => {
    const dir = join(root, 'attempts', 'att-lock-1');
    const holder = await startHolder(dir);
    expect(holder.pid).toBe(holder.child.pid);

    await expect(openAttemptStore({ dir })).rejects.toMatchObject({
      code: 'storage',
      message: `attempt att-lock-1 is open in another Vigil process (pid ${holder.pid}); close that window first`,
    });

    holder.child.stdin.end();
    expect(await holder.exited).toBe(0);
    const store = await openAttemptStore({ dir });
    expect(store.view().answers.held?.value).toBe(`by ${holder.pid}`);
    await store.close();
  });

  it('a holder killed with SIGKILL does not keep the attempt locked', async () => {
    const dir = join(root, 'attempts', 'att-lock-2');
    const holder = await startHolder(dir);
    holder.child.kill('SIGKILL');
    await holder.exited;
    const store = await openAttemptStore({ dir });
    expect(store.view().answers.held?.value).toBe(`by ${holder.pid}`);
    await store.close();
  });
});
