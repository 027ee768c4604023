// Errors the client throws. Nothing in here needs to change for the task.

/** An attempt took longer than timeoutMs and was aborted. */
export class TimeoutError extends Error {
  constructor(ms) {
    super(`upstream did not answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** The circuit breaker is open (or half-open with its probe in flight): the upstream was not called. */
export class CircuitOpenError extends Error {
  constructor() {
    super('circuit breaker is open');
    this.name = 'CircuitOpenError';
  }
}

/**
 * The request failed: every allowed attempt failed, or the request could not be retried.
 * `cause` is the last failure (a TimeoutError, a network error, or an UpstreamStatusError).
 */
export class UpstreamError extends Error {
  constructor(message, { cause } = {}) {
    super(message, { cause });
    this.name = 'UpstreamError';
  }
}

/** An attempt that got an answer the client treats as a failure (5xx or 429). */
export class UpstreamStatusError extends Error {
  constructor(response) {
    super(`upstream answered ${response.status}`);
    this.name = 'UpstreamStatusError';
    this.status = response.status;
    this.response = response;
  }
}
