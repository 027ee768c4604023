// Hidden suite for tasks/resilience. Each retry announces its wait (Retry-Delay-Ms, README); the
// policy is checked on the announced waits, and every announced wait against the real gap, measured
// from the moment the stub finished answering the failed attempt to the moment the next attempt
// reached it. Scheduling noise can only lengthen a measured gap, so no check depends on machine load.
import { check, checkEqual, gate, request, run, sleep, startProgram, test, upstream } from './lib.mjs';

const BASE = 200;
const OPEN_MS = 600;
const TOLERANCE_MS = 2; // timer and clock rounding only
// Generous, so that only the hung-attempt test times out even on a loaded machine.
const ATTEMPT_MS = 1500;

const price = (sku) => ({ status: 200, body: { sku, priceCents: 1000 + sku.length } });
const okAll = (call) => price(call.url.split('/').pop());
const pricing = await upstream(okAll);
const app = await startProgram({ UPSTREAM_URL: pricing.url, BACKOFF_BASE_MS: String(BASE), ATTEMPT_TIMEOUT_MS: String(ATTEMPT_MS), BREAKER_OPEN_MS: String(OPEN_MS) });

const quote = (sku) => request('GET', `${app.base}/quotes/${sku}`);
const callsFor = (sku) => pricing.calls.filter((c) => c.url === `/prices/${sku}`);
/** Gaps between consecutive attempts for one sku: from the stub's reply to the next arrival. */
const gaps = (sku) => {
  const calls = callsFor(sku);
  return calls.slice(1).map((c, i) => c.at - calls[i].repliedAt);
};
/** Answers per sku, in order: the nth call for a sku gets script[n] (the last entry repeats). */
function scripted(scripts) {
  const seen = new Map();
  return (call) => {
    const sku = call.url.split('/').pop();
    const script = scripts(sku);
    if (!script) return price(sku);
    const n = seen.get(sku) ?? 0;
    seen.set(sku, n + 1);
    const step = script[Math.min(n, script.length - 1)];
    return typeof step === 'function' ? step(sku) : step;
  };
}
const fail503 = { status: 503, body: { error: 'busy' } };

let skuSeq = 0;
const sku = (prefix) => `${prefix}-${++skuSeq}`;

/** Brings the breaker back to closed: once it has been open, a probe after BREAKER_OPEN_MS closes it. */
async function closeBreaker() {
  pricing.setHandler(okAll);
  for (let i = 0; i < 20; i += 1) {
    const res = await quote(sku('reset'));
    if (res.status === 200) return;
    await sleep(OPEN_MS / 3);
  }
  throw new Error('the breaker never closed again after a successful probe');
}

async function openBreaker() {
  await closeBreaker();
  pricing.setHandler((call) => (call.url.includes('/down-') ? fail503 : okAll(call)));
  const results = await Promise.all([quote(sku('down')), quote(sku('down')), quote(sku('down'))]);
  checkEqual(results.map((r) => r.status), [502, 502, 502], 'statuses of three failing requests');
}

test('pass-through: 200 with the upstream price', async () => {
  pricing.setHandler(okAll);
  const res = await quote('abc');
  checkEqual(res.status, 200, 'status');
  checkEqual(res.json, { sku: 'abc', priceCents: 1003 }, 'body');
});

test('not found: a 404 is answered at once and never retried', async () => {
  const s = sku('missing');
  pricing.setHandler(scripted((x) => (x === s ? [{ status: 404, body: { error: 'no such sku' } }] : null)));
  const res = await quote(s);
  checkEqual(res.status, 404, 'status');
  checkEqual(callsFor(s).length, 1, 'upstream attempts');
  const bad = sku('bad');
  pricing.setHandler(scripted((x) => (x === bad ? [{ status: 400, body: {} }] : null)));
  checkEqual((await quote(bad)).status, 502, 'status for an upstream 400');
  checkEqual(callsFor(bad).length, 1, 'upstream attempts for a 400');
  await closeBreaker();
});

test('retry: a 503 then a 200 gives 200 after one retry', async () => {
  const s = sku('flaky');
  pricing.setHandler(scripted((x) => (x === s ? [fail503, price] : null)));
  const res = await quote(s);
  checkEqual(res.status, 200, 'status');
  checkEqual(callsFor(s).length, 2, 'upstream attempts');
});

test('retry: at most 3 attempts, then 502', async () => {
  const s = sku('down');
  pricing.setHandler(scripted((x) => (x === s ? [fail503, { status: 500, body: {} }, { status: 429, body: {} }, price] : null)));
  const res = await quote(s);
  checkEqual(res.status, 502, 'status');
  checkEqual(callsFor(s).length, 3, 'upstream attempts');
  await closeBreaker();
});

/** The waits each retry of `sku` announced (Retry-Attempt / Retry-Delay-Ms), checked against the real gaps. */
function announced(sku) {
  const calls = callsFor(sku);
  check(calls[0] && calls[0].headers['retry-attempt'] === undefined, 'the first attempt sends no Retry-Attempt header');
  const real = gaps(sku);
  return calls.slice(1).map((c, i) => {
    checkEqual(c.headers['retry-attempt'], String(i + 1), `Retry-Attempt of retry ${i + 1}`);
    const raw = c.headers['retry-delay-ms'];
    const previous = calls[i];
    check(typeof raw === 'string' && /^\d+$/.test(raw), `retry ${i + 1} sends Retry-Delay-Ms in whole ms (got ${raw})`);
    const wait = Number(raw);
    // Noise can only lengthen the measured gap, so a gap shorter than the announced wait is a lie.
    // (Only after a failure the stub answered: after a timeout the client's clock starts earlier.)
    if (previous.replyStatus !== 200) check(real[i] >= wait - TOLERANCE_MS, `retry ${i + 1} came ${real[i].toFixed(0)} ms after the failure but announced ${wait} ms`);
    return wait;
  });
}

test('backoff: the waits grow exponentially from BACKOFF_BASE_MS', async () => {
  const s = sku('slow');
  pricing.setHandler(scripted((x) => (x === s ? [fail503, fail503, price] : null)));
  checkEqual((await quote(s)).status, 200, 'status');
  const [first, second] = announced(s);
  check(first >= BASE / 2 && first <= BASE, `wait before retry 1 was ${first} ms, expected ${BASE / 2} to ${BASE}`);
  check(second >= BASE && second <= 2 * BASE, `wait before retry 2 was ${second} ms, expected ${BASE} to ${2 * BASE}`);
});

test('jitter: clients that failed together do not retry together', async () => {
  // 16 requests fail at once; their first waits are drawn from [D/2, D]. Without jitter they are
  // all equal. The announced waits are checked against the real gaps, so they cannot be invented.
  const skus = Array.from({ length: 16 }, () => sku('herd'));
  pricing.setHandler(scripted((x) => (skus.includes(x) ? [fail503, price] : null)));
  const results = await Promise.all(skus.map(quote));
  checkEqual(results.map((r) => r.status), skus.map(() => 200), 'statuses');
  const waits = skus.map((s) => announced(s)[0]);
  for (const w of waits) check(w >= BASE / 2 && w <= BASE, `a first retry waited ${w} ms, outside ${BASE / 2} to ${BASE}`);
  const distinct = new Set(waits).size;
  check(distinct >= 8, `16 simultaneous failures retried after only ${distinct} distinct waits (${waits.join(', ')} ms): no jitter`);
});

test('Retry-After: the wait honours the upstream header', async () => {
  const s = sku('throttled');
  pricing.setHandler(scripted((x) => (x === s ? [{ status: 429, headers: { 'retry-after': '1' }, body: {} }, price] : null)));
  checkEqual((await quote(s)).status, 200, 'status');
  const [wait] = announced(s);
  checkEqual(wait, 1000, 'announced wait after Retry-After: 1');
});

test('timeout: a hung attempt is abandoned and retried', async () => {
  const s = sku('hung');
  const hold = gate();
  pricing.setHandler(scripted((x) => (x === s ? [async () => (await hold.promise, fail503), price] : null)));
  try {
    const res = await quote(s);
    checkEqual(res.status, 200, 'status');
    checkEqual(callsFor(s).length, 2, 'upstream attempts');
  } finally {
    hold.open();
  }
});

test('errors: a 200 with a body that is not a price is 502, not a success', async () => {
  const s = sku('garbled');
  pricing.setHandler(scripted((x) => (x === s ? [{ status: 200, body: { sku: x, priceCents: 'n/a' } }] : null)));
  const res = await quote(s);
  checkEqual(res.status, 502, 'status');
  checkEqual(callsFor(s).length, 1, 'upstream attempts');
  await closeBreaker();
});

test('breaker: three failed requests open it, and it answers 503 without calling the upstream', async () => {
  await openBreaker();
  const before = pricing.calls.length;
  const res = await Promise.all([quote(sku('ok')), quote(sku('ok'))]);
  checkEqual(res.map((r) => r.status), [503, 503], 'statuses while open');
  checkEqual(pricing.calls.length - before, 0, 'upstream calls while open');
});

test('breaker: half-open lets exactly one probe through while others get 503', async () => {
  await openBreaker();
  await sleep(OPEN_MS + 100);
  const hold = gate();
  let held = false;
  pricing.setHandler(async (call) => {
    if (!held) {
      held = true;
      await hold.promise;
    }
    return okAll(call);
  });
  try {
    const before = pricing.calls.length;
    const probe = quote(sku('probe'));
    await pricing.waitForCalls(before + 1);
    const others = await Promise.all([quote(sku('ok')), quote(sku('ok')), quote(sku('ok'))]);
    checkEqual(others.map((r) => r.status), [503, 503, 503], 'statuses while the probe is in flight');
    checkEqual(pricing.calls.length - before, 1, 'upstream calls while the probe is in flight');
    hold.open();
    checkEqual((await probe).status, 200, 'probe status');
  } finally {
    hold.open();
  }
});

test('breaker: a failed probe is not retried and opens the breaker again', async () => {
  await openBreaker();
  await sleep(OPEN_MS + 100);
  const before = pricing.calls.length;
  checkEqual((await quote(sku('down'))).status, 502, 'status of the failed probe');
  checkEqual(pricing.calls.length - before, 1, 'upstream attempts of the probe');
  const next = await quote(sku('ok'));
  checkEqual(next.status, 503, 'status right after a failed probe');
  checkEqual(pricing.calls.length - before, 1, 'upstream calls after a failed probe');
});

test('breaker: a successful probe closes it', async () => {
  await openBreaker();
  await sleep(OPEN_MS + 100);
  pricing.setHandler(okAll);
  checkEqual((await quote(sku('probe'))).status, 200, 'probe status');
  const before = pricing.calls.length;
  const after = await Promise.all([quote(sku('ok')), quote(sku('ok'))]);
  checkEqual(after.map((r) => r.status), [200, 200], 'statuses after the probe');
  checkEqual(pricing.calls.length - before, 2, 'upstream calls after the probe');
});

await run({
  after: async () => {
    app.stop();
    await pricing.close();
  },
});
