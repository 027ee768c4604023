import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { VigilError } from '../../../shared/errors.js';
import { writeFileDurable } from '../../base/fsyncWrite.js';
import { toStorageError } from '../../base/storageError.js';
import { errnoCode, nodeStoreFs, type StoreFs } from '../../base/storeFs.js';

/** What is on disk: nothing, a document that passes the schema, or something that does not. */
export type ReadOutcome<T> = { status: 'missing' } | { status: 'ok'; data: T } | { status: 'corrupt'; reason: string; bytes: number };

/**
 * A lowdb adapter for one JSON document whose writes are atomic and durable (writeFileDurable):
 * lowdb's own TextFile writer renames without fsync, which can leave an empty file after power loss.
 * Reads are validated against a zod schema, so a damaged file is reported, never half-used.
 */
export class DurableJsonAdapter<T> implements Adapter<T> {
  /** Writes run one at a time in call order, so the last call's content is what stays on disk. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly fs: StoreFs = nodeStoreFs,
  ) {}

  async inspect(): Promise<ReadOutcome<T>> {
    let bytes: Buffer;
    try {
      bytes = await this.fs.readFile(this.path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { status: 'missing' };
      throw toStorageError(error, 'read', this.path);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      return { status: 'corrupt', reason: bytes.length === 0 ? 'the file is empty' : `not JSON (${(error as Error).message})`, bytes: bytes.length };
    }
    const result = this.schema.safeParse(parsed);
    if (!result.success) {
      const first = result.error.issues[0];
      return { status: 'corrupt', reason: `does not match the schema (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})`, bytes: bytes.length };
    }
    return { status: 'ok', data: result.data };
  }

  async read(): Promise<T | null> {
    const outcome = await this.inspect();
    if (outcome.status === 'missing') return null;
    if (outcome.status === 'corrupt') throw new VigilError('storage', `${this.path} is damaged: ${outcome.reason}`, { file: this.path, reason: outcome.reason });
    return outcome.data;
  }

  write(data: T): Promise<void> {
    // Serialise now: the caller may keep mutating the object while earlier writes are in flight.
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const run = this.queue.then(() => writeFileDurable(this.path, text, this.fs));
    // The next write waits for this one whether it succeeds or not; this call still reports its own failure.
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
