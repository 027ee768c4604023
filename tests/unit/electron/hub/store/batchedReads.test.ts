import { describe, expect, it } from 'vitest';
import { batchedReads, READ_BATCH_MAX } from '../../../../../electron/hub/store/batchedReads.js';
import type { HeartbeatView, JournalHead, TokenOwner } from '../../../../../electron/hub/store/hubStore.js';

/**
 * The batching itself, against a store that records what it is asked (this module's unit test:
 * the store's side is covered by the contract suite, tests/integration/hub/storeContract.test.ts).
 */
function recordingStore(held: { tokens?: string[]; attempts?: string[] } = {}) {
  const calls: Array<{ kind: 'tokens' | 'views' | 'heads'; keys: string[] }> = [];
  let failNext: Error | null = null;
  const answer = <V>(kind: 'tokens' | 'views' | 'heads', keys: readonly string[], known: readonly string[], value: (k: string) => V) => {
    calls.push({ kind, keys: [...keys] });
    if (failNext) {
      const error = failNext;
      failNext = null;
      return Promise.reject(error);
    }
    return Promise.resolve(new Map(keys.filter((k) => known.includes(k)).map((k) => [k, value(k)])));
  };
  const store = {
    tokenOwners: (keys: readonly string[]) => answer<TokenOwner>('tokens', keys, held.tokens ?? [], (k) => ({ attemptId: `attempt-of-${k}`, expiresAt: null })),
    heartbeatViews: (keys: readonly string[]) => answer<HeartbeatView>('views', keys, held.attempts ?? [], () => ({ lastSeq: 7, pendingCommands: [] })),
    journalHeads: (keys: readonly string[]) => answer<JournalHead>('heads', keys, held.attempts ?? [], () => ({ lastSeq: 7, headHash: 'h7', bytes: 70, sealed: null })),
  };
  return { store, calls, failOnce: (error: Error) => (failNext = error) };
}

describe('batchedReads', () => {
  it('lookups asked for in one turn go to the store as one call per kind; keys it does not hold come back null', async () => {
    const { store, calls } = recordingStore({ tokens: ['t1', 't3'], attempts: ['a1'] });
    const reads = batchedReads(store);
    const [t1, t2, t3, v1, v2, h1] = await Promise.all([
      reads.tokenOwner('t1'),
      reads.tokenOwner('t2'),
      reads.tokenOwner('t3'),
      reads.heartbeatView('a1'),
      reads.heartbeatView('a2'),
      reads.journalHead('a1'),
    ]);
    expect([t1, t2, t3]).toEqual([{ attemptId: 'attempt-of-t1', expiresAt: null }, null, { attemptId: 'attempt-of-t3', expiresAt: null }]);
    expect([v1, v2]).toEqual([{ lastSeq: 7, pendingCommands: [] }, null]);
    expect(h1).toEqual({ lastSeq: 7, headHash: 'h7', bytes: 70, sealed: null });
    expect(calls.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'heads', keys: ['a1'] },
      { kind: 'tokens', keys: ['t1', 't2', 't3'] },
      { kind: 'views', keys: ['a1', 'a2'] },
    ]);
  });

  it('a later turn is a new batch (nothing is cached here), and a batch holds at most READ_BATCH_MAX keys', async () => {
    const { store, calls } = recordingStore({ attempts: ['a1'] });
    const reads = batchedReads(store);
    await reads.heartbeatView('a1');
    await reads.heartbeatView('a1');
    expect(calls.map((c) => c.keys)).toEqual([['a1'], ['a1']]);
    calls.length = 0;
    const many = Array.from({ length: READ_BATCH_MAX + 1 }, (_, i) => `k${i}`);
    await Promise.all(many.map((k) => reads.tokenOwner(k)));
    expect(calls.map((c) => c.keys.length)).toEqual([READ_BATCH_MAX, 1]);
  });

  it("a failed query fails that batch's lookups with its error; the next batch asks again", async () => {
    const { store, calls, failOnce } = recordingStore({ tokens: ['t1'] });
    const reads = batchedReads(store);
    failOnce(new Error('connection reset'));
    const failed = await Promise.allSettled([reads.tokenOwner('t1'), reads.tokenOwner('t2')]);
    expect(failed.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'fulfilled'))).toEqual(['connection reset', 'connection reset']);
    expect(await reads.tokenOwner('t1')).toEqual({ attemptId: 'attempt-of-t1', expiresAt: null });
    expect(calls.map((c) => c.keys)).toEqual([['t1', 't2'], ['t1']]);
  });
});
