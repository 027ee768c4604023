import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { canonicalJson } from '../../../shared/canonicalJson.js';
import { describeZodError, VigilError } from '../../../shared/errors.js';
import { HUB_API_PREFIX, IDEMPOTENCY_KEY_HEADER } from '../../../shared/hub/limits.js';
import { resultUploadReplySchema, type ResultUploadReply } from '../../../shared/hub/receipt.js';
import { resultSchema, type Result } from '../../../shared/result.js';
import { writeFileOnce } from '../device/writeFileOnce.js';
import { mkdirDurable, writeFileDurable } from '../../base/fsyncWrite.js';
import { fullJitterDelay, UPLOAD_BACKOFF, type BackoffPolicy } from './backoff.js';
import { HubRequestError, replyMessage, type HubTransport } from './hubTransport.js';
import type { SyncClock } from './syncClock.js';
import { readJsonIfExists as readJson } from '../../base/readJsonIfExists.js';

/**
 * The results outbox (DESIGN 8): `enqueue` stores the sealed result durably in `<dir>/result.json`
 * before it resolves; uploads are retried with exponential backoff and full jitter; the hub's
 * receipt is stored durably as `<dir>/receipt.json`, and nothing is ever deleted. After a restart
 * `start()` finds a result without a receipt and uploads it again. Every try sends the same
 * Idempotency-Key (the result's SHA-256), so a retry after a lost reply gets the same receipt.
 *
 * A refusal that retrying cannot fix (400, 401, 403, 404, 409, 413, 422) stops the retries and is
 * reported as `failed`; `kick()` (new credentials, a restart) tries again.
 */
export const OUTBOX_RESULT_FILE = 'result.json';
export const OUTBOX_RECEIPT_FILE = 'receipt.json';

export type OutboxState =
  | { kind: 'empty' }
  | { kind: 'waiting'; tries: number; retryInMs: number; detail: string }
  | { kind: 'uploading'; sentBytes: number; totalBytes: number }
  | { kind: 'delivered'; receipt: ResultUploadReply }
  | { kind: 'failed'; status: number; detail: string };

export interface ResultOutboxOptions {
  dir: string;
  transport: HubTransport;
  attemptId: string;
  token: () => string;
  clock: SyncClock;
  backoff?: BackoffPolicy;
  /** Runs before each upload try (ship the journal first, so the hub can check the head). */
  beforeUpload?: () => Promise<void>;
  onState?: (state: OutboxState) => void;
  uploadTimeoutMs?: number;
}

export interface ResultOutbox {
  /** Reads the outbox; resumes an upload that has no receipt yet. */
  start(): Promise<void>;
  /** Stores the result durably (then uploads it). The same result again is fine; another is a conflict. */
  enqueue(result: Result): Promise<void>;
  /** Try now (the hub is back, or credentials changed). */
  kick(): void;
  state(): OutboxState;
  close(): Promise<void>;
}

const PERMANENT = new Set([400, 401, 403, 404, 409, 413, 422]);

export function resultSha256(result: Result): string {
  return createHash('sha256').update(canonicalJson(result), 'utf8').digest('hex');
}

export function createResultOutbox(options: ResultOutboxOptions): ResultOutbox {
  const { dir, transport, clock } = options;
  const backoff = options.backoff ?? UPLOAD_BACKOFF;
  const resultPath = join(dir, OUTBOX_RESULT_FILE);
  const receiptPath = join(dir, OUTBOX_RECEIPT_FILE);
  let state: OutboxState = { kind: 'empty' };
  let pending: { bytes: Buffer; sha: string } | null = null;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let waitTimer: unknown = null;
  let closed = false;

  const setState = (next: OutboxState) => {
    state = next;
    options.onState?.(next);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = () => {
        wake = null;
        if (waitTimer !== null) clock.clearTimeout(waitTimer);
        waitTimer = null;
        resolve();
      };
      waitTimer = clock.setTimeout(() => wake?.(), ms);
    });

  async function uploadLoop(): Promise<void> {
    let tries = 0;
    while (!closed && pending) {
      const { bytes, sha } = pending;
      if (options.beforeUpload) {
        await options.beforeUpload().catch(() => {
          // Best effort: the hub checks the journal head only against entries it has.
        });
      }
      if (closed) break;
      let detail: string;
      try {
        setState({ kind: 'uploading', sentBytes: 0, totalBytes: bytes.length });
        let inFlight = true;
        const res = await transport.request('PUT', `${HUB_API_PREFIX}/attempts/${encodeURIComponent(options.attemptId)}/result`, {
          token: options.token(),
          body: bytes,
          headers: { [IDEMPOTENCY_KEY_HEADER]: sha },
          timeoutMs: options.uploadTimeoutMs ?? 120_000,
          onProgress: (sentBytes, totalBytes) => {
            if (!closed && inFlight) setState({ kind: 'uploading', sentBytes, totalBytes });
          },
        }).finally(() => {
          inFlight = false;
        });
        if (res.status === 200 || res.status === 201) {
          const reply = resultUploadReplySchema.safeParse(res.json);
          if (reply.success && reply.data.resultSha256 === sha && reply.data.attemptId === options.attemptId) {
            await writeFileDurable(receiptPath, `${JSON.stringify(reply.data, null, 2)}\n`);
            pending = null;
            setState({ kind: 'delivered', receipt: reply.data });
            return;
          }
          detail = reply.success ? 'the receipt names another result' : `the receipt is not understood: ${describeZodError('receipt', reply.error).message}`;
        } else if (PERMANENT.has(res.status)) {
          setState({ kind: 'failed', status: res.status, detail: `the hub refused the result (${res.status}): ${replyMessage(res)}` });
          return;
        } else {
          detail = `the hub answered ${res.status}: ${replyMessage(res)}`;
        }
      } catch (error) {
        // The network (HubRequestError) or the disk refusing the receipt: both are retried.
        detail = error instanceof HubRequestError ? error.message : `upload failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      const delay = fullJitterDelay(tries, backoff, clock.random);
      tries++;
      setState({ kind: 'waiting', tries, retryInMs: delay, detail });
      await sleep(delay);
    }
  }

  function run(): void {
    if (loop || closed || !pending) return;
    loop = uploadLoop().finally(() => {
      loop = null;
    });
  }

  return {
    async start() {
      await mkdirDurable(dir);
      const receipt = await readJson(receiptPath);
      const stored = await readJson(resultPath);
      if (receipt !== undefined) {
        const parsed = resultUploadReplySchema.safeParse(receipt);
        if (parsed.success) {
          setState({ kind: 'delivered', receipt: parsed.data });
          return;
        }
      }
      if (stored === undefined) return;
      const parsed = resultSchema.safeParse(stored);
      if (!parsed.success) throw new VigilError('storage', `${resultPath} is damaged: ${describeZodError('result', parsed.error).message}`, { file: resultPath });
      pending = { bytes: Buffer.from(canonicalJson(parsed.data), 'utf8'), sha: resultSha256(parsed.data) };
      run();
    },
    async enqueue(result) {
      const text = canonicalJson(result);
      const sha = resultSha256(result);
      await mkdirDurable(dir);
      const outcome = await writeFileOnce(resultPath, text);
      if (outcome === 'exists') {
        const stored = await readJson(resultPath);
        const same = stored !== undefined && resultSchema.safeParse(stored).success && resultSha256(stored as Result) === sha;
        if (!same) throw new VigilError('conflict', `${resultPath} already holds a different result`, { file: resultPath });
        if (state.kind === 'delivered' || pending) return;
      }
      pending = { bytes: Buffer.from(text, 'utf8'), sha };
      run();
    },
    kick() {
      if (closed || !pending) return;
      if (wake) wake();
      else run();
    },
    state: () => state,
    async close() {
      closed = true;
      wake?.();
      await loop;
    },
  };
}

