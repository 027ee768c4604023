// Small HTTP helpers shared by the routes. Nothing in here needs to change for the task.

/**
 * An error that maps to an HTTP response: `status`, a machine-readable `code`, extra body fields
 * and extra response headers.
 */
export class HttpError extends Error {
  constructor(status, code, extra = {}, headers = {}) {
    super(code);
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.headers = headers;
  }
}

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads the whole request body as UTF-8 text; 413 when it exceeds MAX_BODY_BYTES. */
export async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends `body` as JSON with the given status and extra headers. */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
