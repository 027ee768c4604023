import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaveQueue, type SaveAck, type SaveSnapshot } from '../../../../../renderer/src/store/saveQueue.js';

interface Call {
  itemId: string;
  value: unknown;
  resolve(ack: SaveAck): void;
  reject(error: Error): void;
}

function setup(options: { backoffMs?: number[] } = {}) {
  const calls: Call[] = [];
  const snapshots: SaveSnapshot[] = [];
  const saved: Array<{ itemId: string; value: unknown }> = [];
  let seq = 0;
  const queue = createSaveQueue({
    save: (itemId, value) =>
      new Promise<SaveAck>((resolve, reject) => {
        calls.push({ itemId, value, resolve, reject });
      }),
    onChange: (s) => snapshots.push(s),
    onSaved: (itemId, value) => saved.push({ itemId, value }),
    ...options,
  });
  const ack = async (call: Call | undefined) => {
    call?.resolve({ seq: ++seq, savedAt: new Date().toISOString() });
    await vi.advanceTimersByTimeAsync(0);
  };
  const fail = async (call: Call | undefined, message = 'disk full') => {
    call?.reject(new Error(message));
    await vi.advanceTimersByTimeAsync(0);
  };
  return { queue, calls, snapshots, saved, ack, fail, last: () => snapshots.at(-1) };
}

describe('the autosave queue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('debounces typing but never waits more than 500 ms from the first unsaved edit', async () => {
    const { queue, calls } = setup();
    // A keystroke every 100 ms: the idle debounce alone would never fire.
    for (let i = 1; i <= 5; i++) {
      queue.edit('essay', 'x'.repeat(i));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]?.value).toBe('xxxxx');
  });

  it('sends a pause in typing after the idle delay, with only the latest value', async () => {
    const { queue, calls } = setup();
    queue.edit('short', 'a');
    queue.edit('short', 'ab');
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.value)).toEqual(['ab']);
  });

  it('sends an immediate edit (a click on a choice) without waiting', async () => {
    const { queue, calls } = setup();
    queue.edit('choice', 'b', { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.value)).toEqual(['b']);
  });

  it('reports saving until the engine acknowledges, then saved with the time of the acknowledgement', async () => {
    const { queue, calls, ack, last } = setup();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    queue.edit('q', 'v', { immediate: true });
    expect(last()?.status).toBe('saving');
    await vi.advanceTimersByTimeAsync(0);
    expect(last()?.status).toBe('saving');
    await vi.advanceTimersByTimeAsync(1000);
    await ack(calls[0]);
    expect(last()).toMatchObject({ status: 'saved', unsaved: [], lastSavedAt: Date.parse('2026-03-01T10:00:01Z') });
  });

  it('keeps an edit made while a save is in flight, and sends it after the acknowledgement', async () => {
    const { queue, calls, ack, saved, last } = setup();
    queue.edit('q', 'one', { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    queue.edit('q', 'two');
    await vi.advanceTimersByTimeAsync(600);
    expect(calls).toHaveLength(1); // one save per item at a time
    await ack(calls[0]);
    expect(last()?.status).toBe('saving');
    expect(calls.map((c) => c.value)).toEqual(['one', 'two']);
    await ack(calls[1]);
    expect(saved.map((s) => s.value)).toEqual(['one', 'two']);
    expect(last()?.status).toBe('saved');
  });

  it('on failure keeps the value, says so, retries with growing backoff, and recovers', async () => {
    const { queue, calls, fail, ack, last } = setup({ backoffMs: [1000, 2000, 4000] });
    queue.edit('q', 'keep me', { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    await fail(calls[0], 'the disk is full');
    expect(last()).toMatchObject({ status: 'failed', error: 'the disk is full', unsaved: ['q'] });
    expect(last()?.retryAt).toBe(Date.now() + 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.value).toBe('keep me');
    await fail(calls[1]);
    expect(last()?.retryAt).toBe(Date.now() + 2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(3);
    await ack(calls[2]);
    expect(last()).toMatchObject({ status: 'saved', error: null, retryAt: null, unsaved: [] });
  });

  it('retries at once when asked (the Retry button)', async () => {
    const { queue, calls, fail } = setup({ backoffMs: [30_000] });
    queue.edit('q', 'v', { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    await fail(calls[0]);
    queue.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
  });

  it('flush sends everything now and tells whether it all became durable', async () => {
    const { queue, calls } = setup();
    queue.edit('a', 1);
    queue.edit('b', 2);
    const flushed = queue.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.itemId).sort()).toEqual(['a', 'b']);
    for (const c of calls) c.resolve({ seq: 1, savedAt: '' });
    await expect(flushed).resolves.toBe(true);

    queue.edit('c', 3);
    const failing = queue.flush();
    await vi.advanceTimersByTimeAsync(0);
    calls.at(-1)?.reject(new Error('nope'));
    await expect(failing).resolves.toBe(false);
  });
});
