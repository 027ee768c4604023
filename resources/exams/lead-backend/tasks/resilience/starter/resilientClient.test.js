// Visible tests: `npm test` (or `node --test`). Passing these is necessary, not sufficient:
// the grader runs more tests against the contract in README.md.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeClock } from './clock.js';
import { createScriptedUpstream } from './upstream.js';
import { CircuitOpenError, TimeoutError, UpstreamError } from './errors.js';
import { createResilientClient } from './resilientClient.js';

// Each test gets 5 s: code that hangs fails that test instead of stalling the run.
const test = (name, fn) => nodeTest(name, { timeout: 5_000 }, fn);

const GET = { method: 'GET', path: '/prices/42' };
const ok = (body = { price: 42 }) => ({ status: 200, body, latency: 10 });
const unavailable = { status: 503, latency: 10 };

test('a GET is retried with exponential backoff until it succeeds', async () => {
  const clock = createFakeClock();
  const upstream = createScriptedUpstream(clock, [unavailable, unavailable, ok()]);
  const client = createResilientClient({ upstream, clock, random: () => 0.999999, baseDelayMs: 100 });
  const res = await clock.run(client.request(GET));
  assert.equal(res.status, 200);
  // 10 ms per call; waits of ~100 ms then ~200 ms before the retries.
  assert.deepEqual(upstream.calls.map((c) => Math.round(c.startedAt)), [0, 110, 320]);
});

test('a POST is not retried', async () => {
  const clock = createFakeClock();
  const upstream = createScriptedUpstream(clock, [unavailable, ok()]);
  const client = createResilientClient({ upstream, clock, random: () => 0.5 });
  await assert.rejects(clock.run(client.request({ method: 'POST', path: '/orders', body: {} })), UpstreamError);
  assert.equal(upstream.calls.length, 1);
});

test('an attempt that hangs is aborted after timeoutMs', async () => {
  const clock = createFakeClock();
  const upstream = createScriptedUpstream(clock, [{ hang: true }]);
  const client = createResilientClient({ upstream, clock, timeoutMs: 500, maxRetries: 0 });
  await assert.rejects(clock.run(client.request(GET)), (err) => err instanceof UpstreamError && err.cause instanceof TimeoutError);
  assert.equal(clock.now(), 500);
  assert.equal(upstream.calls[0].aborted, true);
});

test('the breaker opens after failureThreshold failures and then fails fast', async () => {
  const clock = createFakeClock();
  const upstream = createScriptedUpstream(clock, [unavailable]);
  const client = createResilientClient({ upstream, clock, maxRetries: 0, failureThreshold: 3 });
  for (let i = 0; i < 3; i += 1) await assert.rejects(clock.run(client.request(GET)), UpstreamError);
  assert.equal(client.state, 'open');
  await assert.rejects(clock.run(client.request(GET)), CircuitOpenError);
  assert.equal(upstream.calls.length, 3);
});
