// Hidden tests for tasks/resilience: the grader copies this folder into the candidate's
// workspace as hidden/ and runs `node --test --test-reporter=tap hidden/`. No real sleeping:
// everything runs on the fake clock.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeClock } from '../clock.js';
import { createScriptedUpstream } from '../upstream.js';
import { CircuitOpenError, TimeoutError, UpstreamError, UpstreamStatusError } from '../errors.js';
import { createResilientClient } from '../resilientClient.js';

// Each test gets 5 s: code that hangs fails that test instead of stalling the run.
const test = (name, fn) => nodeTest(name, { timeout: 5_000 }, fn);

const GET = { method: 'GET', path: '/prices/42' };
const ok = (latency = 10) => ({ status: 200, body: { price: 42 }, latency });
const fail503 = { status: 503, latency: 10 };
const reset = { error: 'ECONNRESET', latency: 5 };

function setup(script, options = {}) {
  const clock = createFakeClock();
  const upstream = createScriptedUpstream(clock, script);
  const client = createResilientClient({ upstream, clock, random: () => 0.5, ...options });
  return { clock, upstream, client };
}

const starts = (upstream) => upstream.calls.map((c) => Math.round(c.startedAt * 1000) / 1000);
const isUpstreamError = (err) => err instanceof UpstreamError;

// --- backoff ---

test('full jitter scales the exponential delay by random()', async () => {
  const { clock, upstream, client } = setup([fail503, fail503, fail503, ok()], { baseDelayMs: 100 });
  await clock.run(client.request(GET));
  // waits of 0.5 * 100, 0.5 * 200, 0.5 * 400
  assert.deepEqual(starts(upstream), [0, 60, 170, 380]);
});

test('delays are capped at maxDelayMs', async () => {
  const { clock, upstream, client } = setup([fail503, fail503, fail503, fail503, ok()], {
    random: () => 0.999999,
    baseDelayMs: 100,
    maxDelayMs: 300,
    maxRetries: 4,
  });
  await clock.run(client.request(GET));
  const gaps = starts(upstream)
    .slice(1)
    .map((s, i) => Math.round(s - starts(upstream)[i] - 10));
  assert.deepEqual(gaps, [100, 200, 300, 300]);
});

test('random() of 0 retries without waiting, still maxRetries times', async () => {
  const { clock, upstream, client } = setup([fail503], { random: () => 0, maxRetries: 3 });
  await assert.rejects(clock.run(client.request(GET)), isUpstreamError);
  assert.deepEqual(starts(upstream), [0, 10, 20, 30]);
});

test('Retry-After on a 429 is honoured as a minimum wait', async () => {
  const { clock, upstream, client } = setup([{ status: 429, headers: { 'retry-after': '3' }, latency: 10 }, ok()]);
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 200);
  assert.ok(starts(upstream)[1] >= 3010, `retried at ${starts(upstream)[1]}`);
  assert.ok(starts(upstream)[1] < 3100, `retried at ${starts(upstream)[1]}`);
});

// --- what is retried ---

test('after maxRetries the request rejects with the last failure as cause', async () => {
  const { clock, upstream, client } = setup([fail503], { maxRetries: 2 });
  const err = await clock.run(client.request(GET)).then(
    () => assert.fail('should reject'),
    (e) => e,
  );
  assert.ok(err instanceof UpstreamError);
  assert.ok(err.cause instanceof UpstreamStatusError);
  assert.equal(err.cause.status, 503);
  assert.equal(upstream.calls.length, 3);
});

test('PUT and DELETE are retried; PATCH and POST are not', async () => {
  for (const [method, calls] of [['PUT', 2], ['DELETE', 2], ['PATCH', 1], ['POST', 1], ['get', 2]]) {
    const { clock, upstream, client } = setup([fail503, ok()]);
    await clock.run(client.request({ method, path: '/x' })).catch(() => {});
    assert.equal(upstream.calls.length, calls, method);
  }
});

test('a POST with an idempotencyKey is retried', async () => {
  const { clock, upstream, client } = setup([fail503, reset, ok()]);
  const res = await clock.run(client.request({ method: 'POST', path: '/payments', idempotencyKey: 'pay-1', body: {} }));
  assert.equal(res.status, 200);
  assert.equal(upstream.calls.length, 3);
});

test('network errors are retried', async () => {
  const { clock, upstream, client } = setup([reset, reset, ok()]);
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 200);
  assert.equal(upstream.calls.length, 3);
});

test('4xx responses are returned as they are, not retried', async () => {
  const { clock, upstream, client } = setup([{ status: 404, body: { error: 'not_found' }, latency: 10 }, ok()]);
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, { error: 'not_found' });
  assert.equal(upstream.calls.length, 1);
});

test('a timeout aborts the call and the retry can succeed', async () => {
  const { clock, upstream, client } = setup([{ hang: true }, ok()], { timeoutMs: 250 });
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 200);
  assert.equal(upstream.calls[0].aborted, true);
  assert.equal(upstream.calls[0].endedAt, 250);
  assert.equal(upstream.calls.length, 2);
});

test('a slow answer within the timeout is fine and leaves no timer behind', async () => {
  const { clock, client } = setup([ok(900)], { timeoutMs: 1000 });
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 200);
  assert.equal(clock.pending, 0);
});

test('no timer is left behind after a failure either', async () => {
  const { clock, client } = setup([{ hang: true }, reset, fail503], { timeoutMs: 100, maxRetries: 2 });
  await assert.rejects(clock.run(client.request(GET)), isUpstreamError);
  assert.equal(clock.pending, 0);
});

// --- circuit breaker ---

test('4xx responses do not count as failures', async () => {
  const { clock, client } = setup([{ status: 400, latency: 10 }], { failureThreshold: 2 });
  for (let i = 0; i < 5; i += 1) assert.equal((await clock.run(client.request(GET))).status, 400);
  assert.equal(client.state, 'closed');
});

test('a success resets the consecutive failure count', async () => {
  const script = [fail503, fail503, ok(), fail503, fail503, ok()];
  const { clock, client } = setup(script, { failureThreshold: 3, maxRetries: 0 });
  for (let i = 0; i < script.length; i += 1) await clock.run(client.request(GET)).catch(() => {});
  assert.equal(client.state, 'closed');
});

test('the breaker opening stops a request\'s remaining retries', async () => {
  const { clock, upstream, client } = setup([fail503], { failureThreshold: 2, maxRetries: 5 });
  await assert.rejects(clock.run(client.request(GET)), isUpstreamError);
  assert.equal(upstream.calls.length, 2);
  assert.equal(client.state, 'open');
});

test('open, then half-open after cooldownMs; a successful probe closes it', async () => {
  const { clock, upstream, client } = setup([fail503, fail503, ok()], { failureThreshold: 2, maxRetries: 0, cooldownMs: 5000 });
  await clock.run(client.request(GET)).catch(() => {});
  await clock.run(client.request(GET)).catch(() => {});
  const openedAt = clock.now();
  assert.equal(client.state, 'open');
  await clock.advance(4999 - (clock.now() - openedAt));
  assert.equal(client.state, 'open');
  await assert.rejects(clock.run(client.request(GET)), CircuitOpenError);
  await clock.advance(1);
  assert.equal(client.state, 'half-open');
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 200);
  assert.equal(client.state, 'closed');
  assert.equal(upstream.calls.length, 3);
});

test('half-open lets exactly one probe through; others fail fast meanwhile', async () => {
  const { clock, upstream, client } = setup([fail503, ok(50)], { failureThreshold: 1, maxRetries: 0, cooldownMs: 1000 });
  await clock.run(client.request(GET)).catch(() => {});
  await clock.advance(1000);
  const probe = client.request(GET);
  const others = await clock.run(Promise.allSettled([client.request(GET), client.request(GET)]));
  for (const other of others) {
    assert.equal(other.status, 'rejected');
    assert.ok(other.reason instanceof CircuitOpenError, String(other.reason));
  }
  assert.equal((await clock.run(probe)).status, 200);
  assert.equal(upstream.calls.length, 2);
});

test('a failed probe re-opens the breaker for a fresh cooldown, without retrying', async () => {
  const { clock, upstream, client } = setup([fail503, fail503, ok()], { failureThreshold: 1, maxRetries: 3, random: () => 0, cooldownMs: 1000 });
  await clock.run(client.request(GET)).catch(() => {});
  assert.equal(upstream.calls.length, 1);
  await clock.advance(1000);
  await assert.rejects(clock.run(client.request(GET)), isUpstreamError);
  assert.equal(upstream.calls.length, 2, 'the probe is a single attempt');
  const reopenedAt = clock.now();
  assert.equal(client.state, 'open');
  await clock.advance(999);
  assert.equal(client.state, 'open');
  await clock.advance(reopenedAt + 1000 - clock.now());
  assert.equal(client.state, 'half-open');
});

test('a hanging probe times out and counts as a failure', async () => {
  const { clock, client } = setup([fail503, { hang: true }], { failureThreshold: 1, maxRetries: 0, cooldownMs: 1000, timeoutMs: 300 });
  await clock.run(client.request(GET)).catch(() => {});
  await clock.advance(1000);
  await assert.rejects(clock.run(client.request(GET)), (err) => err instanceof UpstreamError && err.cause instanceof TimeoutError);
  assert.equal(client.state, 'open');
});

// --- fallback ---

test('the fallback answers when the breaker is open or retries run out', async () => {
  const seen = [];
  const fallback = (req, err) => {
    seen.push([req.path, err.constructor.name]);
    return { status: 200, body: { price: null, stale: true } };
  };
  const { clock, upstream, client } = setup([fail503], { failureThreshold: 2, maxRetries: 1, fallback });
  const first = await clock.run(client.request(GET));
  assert.deepEqual(first.body, { price: null, stale: true });
  const second = await clock.run(client.request(GET));
  assert.deepEqual(second.body, { price: null, stale: true });
  assert.equal(upstream.calls.length, 2);
  assert.deepEqual(seen, [['/prices/42', 'UpstreamError'], ['/prices/42', 'CircuitOpenError']]);
});

test('the fallback is not used for successes or 4xx, and its errors propagate', async () => {
  let used = 0;
  const { clock, client } = setup([{ status: 409, latency: 10 }, ok(), fail503], {
    maxRetries: 0,
    fallback: async () => {
      used += 1;
      throw new Error('no cached price');
    },
  });
  assert.equal((await clock.run(client.request(GET))).status, 409);
  assert.equal((await clock.run(client.request(GET))).status, 200);
  await assert.rejects(clock.run(client.request(GET)), /no cached price/);
  assert.equal(used, 1);
});
