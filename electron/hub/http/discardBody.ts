import type { IncomingMessage } from 'node:http';

/**
 * Reads and throws away what is left of a refused request's body, up to `maxBytes` or `timeoutMs`,
 * so the reply (a 413) goes to a client that has finished sending. Replying and closing while the
 * client is still writing makes the client's next write fail (EPIPE, "ended by the other party")
 * and it may never read the status: a permanent refusal would look like a network error and be
 * retried forever. Past the bound the reply goes out anyway and the connection closes.
 */
export function discardRequestBody(raw: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('close', finish);
      raw.off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('close', finish);
    // A socket error here ends the wait; the reply attempt that follows reports nothing more.
    raw.once('error', finish);
    raw.resume();
  });
}
