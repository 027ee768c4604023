import DataLoader from 'dataloader';
import type { HeartbeatView, HubStore, JournalHead, TokenOwner } from './hubStore.js';

/**
 * The store's per-request lookups, one key at a time for the caller, batched underneath: every
 * lookup asked for while the hub handles one turn of I/O (all the requests that arrived together)
 * goes to the store as one query when that turn ends (setImmediate). A replica that starts cold,
 * or takes over another's candidates, then pays a few queries for a room's first requests instead
 * of two per candidate. Nothing is cached here (`cache: false`): what may be kept, and when it
 * must be dropped, is the service's to decide (hubService.ts).
 */
export interface BatchedReads {
  tokenOwner(tokenHash: string): Promise<TokenOwner | null>;
  heartbeatView(attemptId: string): Promise<HeartbeatView | null>;
  journalHead(attemptId: string): Promise<JournalHead | null>;
}

/** Keys per batch: one IN list of the store's (sqlHubStore.ts KEYS_PER_STATEMENT). */
export const READ_BATCH_MAX = 500;

type BatchStore = Pick<HubStore, 'tokenOwners' | 'heartbeatViews' | 'journalHeads'>;

export function batchedReads(store: BatchStore): BatchedReads {
  const loader = <V>(many: (keys: readonly string[]) => Promise<Map<string, V>>) =>
    new DataLoader<string, V | null>(
      async (keys) => {
        const found = await many(keys);
        return keys.map((k) => found.get(k) ?? null);
      },
      { cache: false, maxBatchSize: READ_BATCH_MAX, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
    );
  const tokens = loader((keys) => store.tokenOwners(keys));
  const views = loader((keys) => store.heartbeatViews(keys));
  const heads = loader((keys) => store.journalHeads(keys));
  return {
    tokenOwner: (tokenHash) => tokens.load(tokenHash),
    heartbeatView: (attemptId) => views.load(attemptId),
    journalHead: (attemptId) => heads.load(attemptId),
  };
}
