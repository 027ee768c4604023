// resilience reference solution (Node.js, standard library only): retries with exponential
// backoff and jitter, Retry-After, attempt timeouts and a circuit breaker with a single probe.
import http from 'node:http';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const UPSTREAM_URL = process.env.UPSTREAM_URL ?? 'http://127.0.0.1:9';
const BASE_MS = env('BACKOFF_BASE_MS', 100);
const ATTEMPT_TIMEOUT_MS = env('ATTEMPT_TIMEOUT_MS', 1000);
const OPEN_MS = env('BREAKER_OPEN_MS', 1000);
const MAX_ATTEMPTS = 3;
const FAILURES_TO_OPEN = 3;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const breaker = { state: 'closed', failures: 0, openedAt: 0, probing: false };

/** 'normal', 'probe', or null when the request must be refused with 503. */
function admit() {
  if (breaker.state === 'open' && Date.now() - breaker.openedAt >= OPEN_MS) breaker.state = 'half-open';
  if (breaker.state === 'open') return null;
  if (breaker.state === 'half-open') {
    if (breaker.probing) return null;
    breaker.probing = true;
    return 'probe';
  }
  return 'normal';
}

function record(kind, succeeded) {
  if (kind === 'probe') breaker.probing = false;
  if (succeeded || kind === 'probe') {
    breaker.state = 'closed';
    breaker.failures = 0;
    return;
  }
  breaker.failures += 1;
  if (kind === 'probe' || breaker.failures >= FAILURES_TO_OPEN) {
    breaker.state = 'open';
    breaker.openedAt = Date.now();
  }
}

/** One attempt: { final: response to send } or { retryAfterMs?: number } when it failed. */
async function attempt(sku, headers) {
  let res;
  try {
    res = await fetch(`${UPSTREAM_URL}/prices/${encodeURIComponent(sku)}`, { headers, signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
  } catch (error) {
    console.error(`attempt for ${sku} failed: ${error.message}`);
    return { failed: true };
  }
  if (res.status === 200) {
    let body;
    try {
      body = await res.json();
    } catch (error) {
      return { final: [502, { error: `upstream sent an unreadable body: ${error.message}` }], usable: false };
    }
    if (!body || !Number.isInteger(body.priceCents)) return { final: [502, { error: 'upstream sent no price' }], usable: false };
    return { final: [200, { sku, priceCents: body.priceCents }], usable: true };
  }
  await res.body?.cancel();
  if (res.status === 404) return { final: [404, { error: 'no such sku' }], usable: true };
  if (res.status >= 400 && res.status < 500 && res.status !== 429) return { final: [502, { error: `upstream answered ${res.status}` }], usable: false };
  const header = res.headers.get('retry-after');
  const seconds = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
  return { failed: true, retryAfterMs: seconds === undefined ? undefined : Math.min(seconds, 5) * 1000 };
}

function backoff(retry, retryAfterMs) {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const d = BASE_MS * 2 ** (retry - 1);
  return d / 2 + Math.random() * (d / 2);
}

async function quote(sku) {
  const kind = admit();
  if (kind === null) return [503, { error: 'circuit open' }];
  const attempts = kind === 'probe' ? 1 : MAX_ATTEMPTS;
  let headers = {};
  for (let n = 1; ; n += 1) {
    const result = await attempt(sku, headers);
    if (result.final) {
      record(kind, result.usable);
      return result.final;
    }
    if (n >= attempts) {
      record(kind, false);
      return [502, { error: `upstream failed ${n} times` }];
    }
    const wait = Math.round(backoff(n, result.retryAfterMs));
    await sleep(wait);
    headers = { 'retry-attempt': String(n), 'retry-delay-ms': String(wait) };
  }
}

const server = http.createServer((req, res) => {
  const send = ([status, body]) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const m = /^\/quotes\/([^/?]+)$/.exec(req.url);
  if (req.method !== 'GET' || !m) return send([404, { error: 'not found' }]);
  quote(decodeURIComponent(m[1])).then(send, (error) => {
    console.error(error);
    send([500, { error: 'internal error' }]);
  });
});

server.listen(env('PORT', 8080), '127.0.0.1');
