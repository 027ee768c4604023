// A client for a flaky upstream: reference solution. See README.md for the contract.
import { systemClock } from './clock.js';
import { CircuitOpenError, TimeoutError, UpstreamError, UpstreamStatusError } from './errors.js';

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function createResilientClient({
  upstream,
  clock = systemClock,
  random = Math.random,
  timeoutMs = 1000,
  maxRetries = 3,
  baseDelayMs = 100,
  maxDelayMs = 2000,
  failureThreshold = 5,
  cooldownMs = 10_000,
  fallback,
} = {}) {
  if (!upstream) throw new Error('upstream is required');

  // Breaker: open when openedAt is set; half-open once the cool-down has passed.
  let consecutiveFailures = 0;
  let openedAt = null;
  let probeInFlight = false;

  function state() {
    if (openedAt === null) return 'closed';
    return clock.now() - openedAt >= cooldownMs ? 'half-open' : 'open';
  }

  /** One attempt with its own timeout: { ok: true, response } or { ok: false, error }. */
  function attempt(req) {
    const controller = new AbortController();
    return new Promise((resolve) => {
      let done = false;
      const settle = (outcome) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        resolve(outcome);
      };
      const timer = clock.setTimeout(() => {
        settle({ ok: false, error: new TimeoutError(timeoutMs) });
        controller.abort();
      }, timeoutMs);
      Promise.resolve()
        .then(() => upstream.request({ ...req, signal: controller.signal }))
        .then(
          (response) =>
            settle(response.status === 429 || response.status >= 500 ? { ok: false, error: new UpstreamStatusError(response) } : { ok: true, response }),
          (error) => settle({ ok: false, error }),
        );
    });
  }

  function sleep(ms) {
    return new Promise((resolve) => clock.setTimeout(resolve, ms));
  }

  function backoff(retry, error) {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
    let delay = random() * ceiling;
    const retryAfter = error instanceof UpstreamStatusError ? error.response.headers?.['retry-after'] : undefined;
    if (typeof retryAfter === 'string' && /^\d+$/.test(retryAfter.trim())) delay = Math.max(delay, Number(retryAfter) * 1000);
    return delay;
  }

  async function probe(req) {
    probeInFlight = true;
    try {
      const outcome = await attempt(req);
      if (outcome.ok) {
        openedAt = null;
        consecutiveFailures = 0;
        return outcome.response;
      }
      openedAt = clock.now();
      throw new UpstreamError('upstream probe failed; circuit re-opened', { cause: outcome.error });
    } finally {
      probeInFlight = false;
    }
  }

  async function execute(req) {
    const now = state();
    if (now === 'open' || (now === 'half-open' && probeInFlight)) throw new CircuitOpenError();
    if (now === 'half-open') return probe(req);

    const method = String(req.method ?? 'GET').toUpperCase();
    const retryable = IDEMPOTENT_METHODS.has(method) || (req.idempotencyKey !== undefined && req.idempotencyKey !== null);
    for (let retry = 0; ; retry += 1) {
      const outcome = await attempt(req);
      // Attempts that finish after the breaker opened (concurrent requests) do not move it: only
      // the half-open probe decides.
      if (outcome.ok) {
        if (openedAt === null) consecutiveFailures = 0;
        return outcome.response;
      }
      if (openedAt === null) {
        consecutiveFailures += 1;
        if (consecutiveFailures >= failureThreshold) openedAt = clock.now();
      }
      if (!retryable || retry >= maxRetries || state() !== 'closed') {
        throw new UpstreamError(`upstream request failed after ${retry + 1} attempt(s)`, { cause: outcome.error });
      }
      await sleep(backoff(retry + 1, outcome.error));
      if (state() !== 'closed') throw new UpstreamError('circuit opened while retrying', { cause: outcome.error });
    }
  }

  async function request(req) {
    try {
      return await execute(req);
    } catch (error) {
      if (fallback && (error instanceof UpstreamError || error instanceof CircuitOpenError)) return await fallback(req, error);
      throw error;
    }
  }

  return {
    request,
    get state() {
      return state();
    },
  };
}
