import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { VigilError } from '../../../shared/errors.js';
import { normalizeFingerprint } from './fingerprint.js';

/**
 * HTTP(S) to a hub (DESIGN 8) with node:http/https. With a pinned fingerprint, TLS is set up without
 * CA verification (the hub's certificate is self-signed) but the peer certificate's SHA-256 must
 * equal the pin on every new connection, checked before any request byte (and so any token) is
 * written: a mismatch destroys the socket and the request fails with kind 'pin-mismatch'.
 */
export type HubRequestErrorKind = 'network' | 'timeout' | 'pin-mismatch' | 'closed';

export class HubRequestError extends Error {
  constructor(
    readonly kind: HubRequestErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HubRequestError';
  }
}

export interface HubResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
}

export interface HubRequestOptions {
  token?: string;
  /** A JSON value, or bytes already encoded as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Called as request body bytes are handed to the socket. */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface HubTransport {
  readonly baseUrl: URL;
  request(method: 'GET' | 'POST' | 'PUT', path: string, options?: HubRequestOptions): Promise<HubResponse>;
  /** ws(s):// URL of a path on the hub. */
  wsUrl(path: string): string;
  /** Options for a `ws` client so that it applies the same pin. */
  wsConnect(): ((options: tls.ConnectionOptions, oncreate: (err: Error | null, socket?: Duplex) => void) => undefined) | undefined;
  close(): void;
}

export interface HubTransportOptions {
  hubUrl: string;
  fingerprint?: string;
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const CHUNK = 64 * 1024;

export function createHubTransport(options: HubTransportOptions): HubTransport {
  let base: URL;
  try {
    base = new URL(options.hubUrl);
  } catch {
    throw new VigilError('invalid-params', `not a hub URL: ${JSON.stringify(options.hubUrl)}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new VigilError('invalid-params', `a hub URL is http:// or https://, not ${base.protocol}`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const pin = options.fingerprint === undefined ? undefined : normalizeFingerprint(options.fingerprint);
  if (pin && base.protocol !== 'https:') throw new VigilError('invalid-params', 'a pinned fingerprint needs an https:// hub URL');
  const secure = base.protocol === 'https:';
  const connect = pin ? pinnedConnect(pin) : undefined;
  const agent = secure
    ? new PinnableAgent({ keepAlive: true, maxSockets: 8 }, connect)
    : new http.Agent({ keepAlive: true, maxSockets: 8 });
  let closed = false;

  return {
    baseUrl: base,
    request(method, path, opts = {}) {
      if (closed) return Promise.reject(new HubRequestError('closed', 'the hub connection is closed'));
      const url = new URL(path.replace(/^\//, ''), base);
      const payload = opts.body === undefined ? null : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(JSON.stringify(opts.body), 'utf8');
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(payload.length);
      }
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const timeoutMs = opts.timeoutMs ?? options.timeoutMs ?? 10_000;
      return new Promise<HubResponse>((resolvePromise, rejectPromise) => {
        // Progress callbacks of writes may run after the request failed; they must not report then.
        let settled = false;
        const resolve = (value: HubResponse) => {
          settled = true;
          resolvePromise(value);
        };
        const reject = (error: unknown) => {
          settled = true;
          rejectPromise(error);
        };
        const req = (secure ? https : http).request(url, { method, agent, headers });
        const timer = setTimeout(() => req.destroy(new HubRequestError('timeout', `no answer from ${base.host} within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
        req.on('error', (error) => {
          clearTimeout(timer);
          reject(error instanceof HubRequestError ? error : new HubRequestError('network', `cannot reach the hub at ${base.host}: ${error.message}`));
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) req.destroy(new HubRequestError('network', 'the hub sent an oversized response'));
            else chunks.push(chunk);
          });
          res.on('error', (error) => {
            clearTimeout(timer);
            reject(new HubRequestError('network', `the hub's answer was cut off: ${error.message}`));
          });
          res.on('end', () => {
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            if ((res.headers['content-type'] ?? '').includes('json')) {
              try {
                json = JSON.parse(text);
              } catch {
                // A JSON content type with a body that is not JSON: reported as undefined json.
                json = undefined;
              }
            }
            resolve({ status: res.statusCode ?? 0, json, text });
          });
        });
        if (!payload) {
          req.end();
          return;
        }
        let offset = 0;
        let sent = 0;
        const writeMore = (): void => {
          while (offset < payload.length) {
            const chunk = payload.subarray(offset, offset + CHUNK);
            offset += chunk.length;
            const more = req.write(chunk, (error) => {
              if (error || settled) return;
              sent += chunk.length;
              opts.onProgress?.(sent, payload.length);
            });
            if (!more) {
              req.once('drain', writeMore);
              return;
            }
          }
          req.end();
        };
        writeMore();
      });
    },
    wsUrl(path) {
      const url = new URL(path.replace(/^\//, ''), base);
      url.protocol = secure ? 'wss:' : 'ws:';
      return url.toString();
    },
    wsConnect() {
      return connect;
    },
    close() {
      closed = true;
      agent.destroy();
    },
  };
}

type Connect = (options: tls.ConnectionOptions, oncreate: (err: Error | null, socket?: Duplex) => void) => undefined;

/** A TLS connector that hands the socket over only once its certificate matches the pin. */
export function pinnedConnect(fingerprint: string): Connect {
  return (options, oncreate) => {
    const host = options.host ?? 'localhost';
    const socket = tls.connect({ ...options, rejectUnauthorized: false, servername: isIP(host) ? undefined : host });
    const onError = (error: Error) => oncreate(new HubRequestError('network', `cannot reach the hub at ${host}: ${error.message}`));
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      if (seen !== fingerprint) {
        socket.off('error', onError);
        socket.on('error', () => {
          // Destroyed on purpose below; nothing more to report.
        });
        socket.destroy();
        oncreate(
          new HubRequestError(
            'pin-mismatch',
            `the hub at ${host} presented certificate ${seen ?? '(none)'}, not the pinned ${fingerprint}: refusing to talk to it (a different hub or someone in between)`,
          ),
        );
        return;
      }
      socket.off('error', onError);
      oncreate(null, socket);
    });
    return undefined;
  };
}

/** https.Agent whose connections go through the pinned connector when there is a pin. */
class PinnableAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly connect: Connect | undefined,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    if (!this.connect) return super.createConnection(options, callback);
    this.connect(options as tls.ConnectionOptions, (err, socket) => callback?.(err, socket as Duplex));
    return undefined;
  }
}

/** The hub's error message from an error reply, or a fallback naming the status. */
export function replyMessage(res: HubResponse): string {
  const body = res.json as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : `HTTP ${res.status}`;
}
