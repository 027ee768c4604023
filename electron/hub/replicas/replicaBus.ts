import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hubCommandSchema, type HubCommand } from '../../../shared/hub/commands.js';
import { heartbeatSchema } from '../../../shared/hub/heartbeat.js';
import type { LiveStatus, StoreNotifications } from '../store/hubStore.js';

/**
 * What hub replicas on one PostgreSQL database tell each other (issue 19), over LISTEN/NOTIFY:
 * a command was stored (so the replica holding the candidate's live channel pushes it at once),
 * heartbeats were received (so every replica's live view shows them), something stored about an
 * attempt changed (so dashboards everywhere refresh it). Nothing here is acknowledged data: the
 * database holds that; a lost notification only delays a live view until the next one.
 *
 * Heartbeats are batched (every BATCH_MS, in messages under PostgreSQL's 8,000-byte payload
 * limit) so 1,000 candidates cost a few notifications a second, not 1,000.
 */
export const HUB_CHANNEL = 'vigil_hub';
const BATCH_MS = 200;
const MAX_PAYLOAD = 7000;

const liveStatusSchema = heartbeatSchema.omit({ ackCommands: true }).extend({ at: z.string() });
const messageSchema = z.discriminatedUnion('k', [
  z.strictObject({ k: z.literal('commands'), from: z.string(), attemptId: z.string(), pending: z.array(hubCommandSchema) }),
  z.strictObject({ k: z.literal('heartbeats'), from: z.string(), beats: z.array(z.tuple([z.string(), liveStatusSchema, z.number()])) }),
  z.strictObject({ k: z.literal('changed'), from: z.string(), attemptIds: z.array(z.string()) }),
]);
type Message = z.infer<typeof messageSchema>;

export interface ReplicaHandlers {
  commands(attemptId: string, pending: HubCommand[]): void;
  heartbeat(attemptId: string, live: LiveStatus, atMs: number): void;
  changed(attemptId: string): void;
}

export interface ReplicaBus {
  readonly replicaId: string;
  commands(attemptId: string, pending: HubCommand[]): void;
  heartbeat(attemptId: string, live: LiveStatus, atMs: number): void;
  changed(attemptId: string): void;
  close(): Promise<void>;
}

export async function startReplicaBus(notifications: StoreNotifications, handlers: ReplicaHandlers, log: (line: string) => void): Promise<ReplicaBus> {
  const replicaId = randomBytes(6).toString('base64url');
  const beats = new Map<string, [string, LiveStatus, number]>();
  const changes = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const send = (message: Message): void => {
    void notifications.notify(HUB_CHANNEL, JSON.stringify(message)).catch((error: unknown) => {
      log(`replicas: cannot notify (${message.k}): ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  const flush = (): void => {
    timer = null;
    let batch: Array<[string, LiveStatus, number]> = [];
    let size = 0;
    for (const beat of beats.values()) {
      const bytes = JSON.stringify(beat).length;
      if (size + bytes > MAX_PAYLOAD && batch.length > 0) {
        send({ k: 'heartbeats', from: replicaId, beats: batch });
        batch = [];
        size = 0;
      }
      batch.push(beat);
      size += bytes;
    }
    if (batch.length > 0) send({ k: 'heartbeats', from: replicaId, beats: batch });
    beats.clear();
    const ids = [...changes];
    changes.clear();
    for (let i = 0; i < ids.length; i += 100) send({ k: 'changed', from: replicaId, attemptIds: ids.slice(i, i + 100) });
  };
  const later = (): void => {
    if (!closed) timer ??= setTimeout(flush, BATCH_MS);
  };

  const stop = await notifications.listen(HUB_CHANNEL, (payload) => {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch (error) {
      log(`replicas: a notification that is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const parsed = messageSchema.safeParse(json);
    if (!parsed.success) {
      log('replicas: a notification of another format (another hub version?) is ignored');
      return;
    }
    const m = parsed.data;
    if (m.from === replicaId) return;
    if (m.k === 'commands') handlers.commands(m.attemptId, m.pending);
    else if (m.k === 'heartbeats') for (const [attemptId, live, atMs] of m.beats) handlers.heartbeat(attemptId, live, atMs);
    else for (const attemptId of m.attemptIds) handlers.changed(attemptId);
  });

  return {
    replicaId,
    // A command goes at once: a candidate may be waiting for it on another replica.
    commands: (attemptId, pending) => send({ k: 'commands', from: replicaId, attemptId, pending }),
    heartbeat(attemptId, live, atMs) {
      beats.set(attemptId, [attemptId, live, atMs]);
      later();
    },
    changed(attemptId) {
      changes.add(attemptId);
      later();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      flush();
      await stop();
    },
  };
}
