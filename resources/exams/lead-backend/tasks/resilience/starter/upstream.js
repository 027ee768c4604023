// A scripted upstream for tests. Nothing in here needs to change.
//
// upstream.request({ method, path, body, headers, idempotencyKey, signal }) resolves to
// { status, headers, body } or rejects with a network error (err.code, e.g. 'ECONNRESET').
// Aborting `signal` rejects the call at once with an AbortError, like fetch does.
//
// Each call plays the next step of the script:
//   { status: 200, body, headers, latency }   answer after `latency` ms (default 10)
//   { error: 'ECONNRESET', latency }          fail after `latency` ms (default 5)
//   { hang: true }                            never answer (only an abort ends it)
// Once the script is used up, the last step repeats.
// `calls` records every call: { method, path, startedAt, endedAt, aborted, outcome }.

export function createScriptedUpstream(clock, script) {
  if (!Array.isArray(script) || script.length === 0) throw new Error('script must be a non-empty array');
  const calls = [];
  let next = 0;

  return {
    calls,
    request({ method = 'GET', path = '/', signal } = {}) {
      const step = script[Math.min(next, script.length - 1)];
      next += 1;
      const call = { method, path, startedAt: clock.now(), endedAt: null, aborted: false, outcome: null };
      calls.push(call);
      return new Promise((resolve, reject) => {
        let timer = null;
        const finish = (outcome) => {
          call.endedAt = clock.now();
          call.outcome = outcome;
          signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
          if (timer !== null) clock.clearTimeout(timer);
          call.aborted = true;
          finish('aborted');
          const err = new Error('the operation was aborted');
          err.name = 'AbortError';
          reject(err);
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        if (step.hang) return;
        if (step.error) {
          timer = clock.setTimeout(() => {
            finish(step.error);
            const err = new Error(`connect ${step.error}`);
            err.code = step.error;
            reject(err);
          }, step.latency ?? 5);
          return;
        }
        timer = clock.setTimeout(() => {
          finish(step.status);
          resolve({ status: step.status, headers: { ...(step.headers ?? {}) }, body: step.body ?? null });
        }, step.latency ?? 10);
      });
    },
  };
}
