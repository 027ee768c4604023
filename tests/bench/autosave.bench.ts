/**
 * autosave (DESIGN 10): answer change to fsync'ed journal entry, p99 <= 20 ms and <= 1.5 x a bare
 * fsync'ed append (open 'a', write, fsync) of the same bytes, measured in the same run.
 */
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAttemptStore } from '../../electron/core/store/attemptStore.js';
import type { Report } from './run.js';

const SAVES = 1_200;
const ITEMS = 12;

/** A short-answer/essay edit of a few hundred bytes, different every time like real typing. */
function answerValue(i: number): string {
  const base = 'A write-ahead log makes each change durable before it is acknowledged; replicas replay it in order. ';
  return `${base}${base}${base}(${i}) ${'x'.repeat(i % 37)}`;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number((sorted[index] ?? NaN).toFixed(3));
}

export async function run(report: Report): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-autosave-'));
  const store = await openAttemptStore({ dir: join(root, 'bench-attempt') });
  const bare = await open(join(root, 'bare.jsonl'), 'a');
  const saveTimes: number[] = [];
  const bareTimes: number[] = [];
  try {
    // The baseline writes a line of the same size as the journal line the store writes.
    const probe = await store.saveAnswer('warmup', answerValue(0));
    const lineBytes = Buffer.byteLength(`${JSON.stringify(store.entries().at(-1))}\n`);
    if (probe.seq < 1) throw new Error('autosave bench: the warm-up save was not acknowledged');
    for (let i = 0; i < 20; i++) {
      await store.saveAnswer('warmup', answerValue(i));
      await bare.write(Buffer.alloc(lineBytes, 0x61));
      await bare.sync();
    }
    // One save, then one bare append of the same size, alternating: disk noise hits both alike.
    const line = Buffer.alloc(lineBytes, 0x61);
    line[line.length - 1] = 0x0a;
    for (let n = 0; n < SAVES; n++) {
      const value = answerValue(n);
      let t0 = performance.now();
      await store.saveAnswer(`item-${n % ITEMS}`, value);
      saveTimes.push(performance.now() - t0);
      t0 = performance.now();
      await bare.write(line);
      await bare.sync();
      bareTimes.push(performance.now() - t0);
    }
  } finally {
    await bare.close();
    await store.close();
    await rm(root, { recursive: true, force: true });
  }
  saveTimes.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  const p99 = percentile(saveTimes, 99);
  report({ name: 'autosave-p50', unit: 'ms', value: percentile(saveTimes, 50), baseline: percentile(bareTimes, 50), samples: saveTimes.length });
  report({ name: 'autosave-p99', unit: 'ms', value: p99, samples: saveTimes.length });
  report({ name: 'autosave-vs-bare-fsync-p99', unit: 'ms', value: p99, baseline: percentile(bareTimes, 99), samples: bareTimes.length });
}
