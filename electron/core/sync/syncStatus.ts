/**
 * What the sync client tells its owner (the attempt service shows it; DESIGN 5 `sync`):
 * - connecting: not heard from the hub yet, no failure yet;
 * - online: heartbeats answered (`live` when over the WebSocket);
 * - offline: the hub cannot be reached; the client keeps retrying quietly;
 * - uploading: the result is being sent (bytes handed to the network so far);
 * - synced: the hub's receipt for the result is stored;
 * - failed: something retrying will not fix without a person (a certificate that does not match
 *   the pin, a refused token, a result or journal the hub rejects); retries continue at a slow pace
 *   where they could still help (the pin: the right hub may come back).
 */
export type SyncFailure = 'pin-mismatch' | 'unauthorized' | 'result-rejected' | 'journal-rejected';

export type SyncStatus =
  | { status: 'connecting' }
  | { status: 'online'; live: boolean; ackSeq: number; serverOffsetMs: number | null }
  | { status: 'offline'; detail: string; retryInMs: number }
  | { status: 'uploading'; sentBytes: number; totalBytes: number }
  | { status: 'synced'; receipt: string; resultSha256: string }
  | { status: 'failed'; reason: SyncFailure; detail: string };
