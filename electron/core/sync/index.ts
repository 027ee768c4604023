/** The candidate's sync client (DESIGN 8): enrollment, heartbeats, journal shipping, results outbox. */
export { enroll, enrollmentProof, type EnrollOptions } from './enroll.js';
export { createSyncClient, type SyncClient, type SyncClientOptions } from './syncClient.js';
export type { SyncFailure, SyncStatus } from './syncStatus.js';
export { createResultOutbox, resultSha256, OUTBOX_RECEIPT_FILE, OUTBOX_RESULT_FILE, type OutboxState, type ResultOutbox, type ResultOutboxOptions } from './resultOutbox.js';
export { createEventShipper, type EventShipper, type JournalSource, type ShipperState } from './eventShipper.js';
export { createHubTransport, HubRequestError, type HubTransport } from './hubTransport.js';
export { normalizeFingerprint } from './fingerprint.js';
export { fullJitterDelay, backoffCeiling, UPLOAD_BACKOFF, HEARTBEAT_BACKOFF, type BackoffPolicy } from './backoff.js';
export { systemSyncClock, type SyncClock } from './syncClock.js';
