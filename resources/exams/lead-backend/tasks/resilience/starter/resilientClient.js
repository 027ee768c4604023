// A client for a flaky upstream. See README.md for the contract the tests check.
import { systemClock } from './clock.js';
import { UpstreamError, UpstreamStatusError } from './errors.js';

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

  async function request(req) {
    let lastError;
    // TODO: timeouts, backoff, idempotency, circuit breaker, fallback.
    for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
      try {
        const response = await upstream.request(req);
        if (response.status >= 500) {
          lastError = new UpstreamStatusError(response);
          continue;
        }
        return response;
      } catch (err) {
        lastError = err;
      }
    }
    throw new UpstreamError('upstream request failed', { cause: lastError });
  }

  return {
    request,
    get state() {
      return 'closed';
    },
  };
}
