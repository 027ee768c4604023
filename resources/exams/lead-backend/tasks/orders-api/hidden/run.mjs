// Hidden suite for tasks/orders-api: one service process for the whole suite; tests run in order
// and each creates the orders it needs (the newest orders are always the current test's own).
import { check, checkEqual, gate, request, run, startProgram, test, upstream } from './lib.mjs';

let chargeSeq = 0;
const ok = () => ({ status: 201, body: { id: `ch_${++chargeSeq}` } });
const payments = await upstream(ok);
const app = await startProgram({ PAYMENTS_URL: payments.url });

const order = (n, qty = 1) => ({ customerId: `cust-${n}`, items: [{ sku: `sku-${n}`, quantity: qty, unitPriceCents: 250 }] });
let keySeq = 0;
const newKey = () => `key-${process.pid}-${++keySeq}`;
const post = (body, key = newKey(), extra = {}) =>
  request('POST', `${app.base}/orders`, { headers: key === null ? extra : { 'idempotency-key': key, ...extra }, body });
const chargesFor = (key) => payments.calls.filter((c) => c.body?.idempotencyKey === key).length;
const page = (query) => request('GET', `${app.base}/orders${query}`);

test('create: a valid order is 201 with its total and the charge id', async () => {
  const key = newKey();
  const res = await post({ customerId: 'c1', items: [{ sku: 'a', quantity: 3, unitPriceCents: 199 }, { sku: 'b', quantity: 1, unitPriceCents: 1000 }] }, key);
  checkEqual(res.status, 201, 'status');
  checkEqual(res.json?.totalCents, 1597, 'totalCents');
  checkEqual(res.json?.customerId, 'c1', 'customerId');
  check(typeof res.json?.id === 'string' && res.json.id.length > 0, 'id is a non-empty string');
  const charge = payments.calls.find((c) => c.body?.idempotencyKey === key);
  check(charge !== undefined && charge.method === 'POST' && charge.url === '/charges', 'one POST /charges with the request key');
  checkEqual(charge.body.amountCents, 1597, 'charged amount');
  check(typeof res.json.chargeId === 'string' && res.json.chargeId.startsWith('ch_'), 'chargeId is the payment service id');
});

test('create: invalid bodies are 400 and charge nothing', async () => {
  const before = payments.calls.length;
  const bad = [
    '{not json',
    { items: [{ sku: 'a', quantity: 1, unitPriceCents: 1 }] },
    { customerId: '', items: [{ sku: 'a', quantity: 1, unitPriceCents: 1 }] },
    { customerId: 'c', items: [] },
    { customerId: 'c', items: [{ sku: 'a', quantity: 0, unitPriceCents: 1 }] },
    { customerId: 'c', items: [{ sku: 'a', quantity: 1.5, unitPriceCents: 1 }] },
    { customerId: 'c', items: [{ sku: 'a', quantity: 101, unitPriceCents: 1 }] },
    { customerId: 'c', items: [{ sku: 'a', quantity: 1, unitPriceCents: -1 }] },
    { customerId: 'c', items: [{ quantity: 1, unitPriceCents: 1 }] },
    [1, 2],
  ];
  for (const body of bad) {
    const res = await post(body);
    checkEqual(res.status, 400, `status for ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }
  checkEqual(payments.calls.length - before, 0, 'charges made for invalid bodies');
});

test('create: a missing or over-long Idempotency-Key is 400', async () => {
  const before = payments.calls.length;
  checkEqual((await post(order(1), null)).status, 400, 'status without a key');
  checkEqual((await post(order(1), 'k'.repeat(65))).status, 400, 'status with a 65-character key');
  checkEqual(payments.calls.length - before, 0, 'charges made');
});

test('idempotency: a replay returns the original response and charges once', async () => {
  const key = newKey();
  const first = await post(order(2, 2), key);
  checkEqual(first.status, 201, 'first status');
  const reordered = JSON.stringify({ items: [{ unitPriceCents: 250, quantity: 2, sku: 'sku-2' }], customerId: 'cust-2' }, null, 2);
  const again = await post(reordered, key);
  checkEqual(again.status, 201, 'replay status');
  checkEqual(again.json, first.json, 'replay body');
  checkEqual(again.headers['idempotent-replayed'], 'true', 'Idempotent-Replayed header');
  checkEqual(chargesFor(key), 1, 'charges for the key');
});

test('idempotency: the same key with a different body is 422', async () => {
  const key = newKey();
  checkEqual((await post(order(3), key)).status, 201, 'first status');
  const res = await post(order(3, 5), key);
  checkEqual(res.status, 422, 'status');
  checkEqual(chargesFor(key), 1, 'charges for the key');
});

test('idempotency: a duplicate while the first is in flight is 409 and never charged', async () => {
  // The payment service holds the first charge until this test releases it, so a service that
  // checks the key and then awaits the charge before recording it lets the duplicate through
  // every time: the duplicate's own charge arrives here while the first is still held.
  const key = newKey();
  const hold = gate();
  payments.setHandler(async (call) => {
    if (call.body?.idempotencyKey === key) await hold.promise;
    return ok();
  });
  try {
    const seen = payments.calls.length;
    const first = post(order(4), key);
    await payments.waitForCalls(seen + 1);
    const second = post(order(4), key);
    const secondCharge = payments.waitForCalls(seen + 2).then(() => 'charged twice');
    const outcome = await Promise.race([second.then((r) => r), secondCharge]);
    hold.open();
    const firstRes = await first;
    if (outcome === 'charged twice') throw new Error('the duplicate reached the payment service while the first request was in flight');
    checkEqual(outcome.status, 409, 'duplicate status');
    checkEqual(firstRes.status, 201, 'first status');
    checkEqual(chargesFor(key), 1, 'charges for the key');
  } finally {
    hold.open();
    payments.setHandler(ok);
  }
});

test('payment failure: 502 and no order stored', async () => {
  const key = newKey();
  payments.setHandler(() => ({ status: 503, body: { error: 'unavailable' } }));
  let res;
  try {
    res = await post({ customerId: 'declined-customer', items: [{ sku: 'x', quantity: 1, unitPriceCents: 5 }] }, key);
  } finally {
    payments.setHandler(ok);
  }
  checkEqual(res.status, 502, 'status');
  const listed = await page('?limit=100');
  check(listed.status === 200 && Array.isArray(listed.json?.orders), 'GET /orders works');
  check(!listed.json.orders.some((o) => o.customerId === 'declined-customer'), 'an order was stored for a failed charge');
});

test('payment failure: the same key can be retried after a 502', async () => {
  const key = newKey();
  payments.setHandler(() => ({ status: 500, body: {} }));
  try {
    checkEqual((await post(order(5), key)).status, 502, 'status while payments fail');
  } finally {
    payments.setHandler(ok);
  }
  const retry = await post(order(5), key);
  checkEqual(retry.status, 201, 'status of the retry');
  checkEqual(chargesFor(key), 2, 'charge attempts for the key');
});

async function createMany(n) {
  const ids = [];
  for (let i = 0; i < n; i += 1) {
    const res = await post(order(100 + i));
    checkEqual(res.status, 201, 'create status');
    ids.push(res.json.id);
  }
  return ids;
}

test('pagination: newest first, limit and nextCursor, null at the end', async () => {
  const ids = await createMany(3);
  const first = await page('?limit=2');
  checkEqual(first.status, 200, 'status');
  checkEqual(first.json.orders.map((o) => o.id), [ids[2], ids[1]], 'first page ids');
  check(typeof first.json.nextCursor === 'string', 'nextCursor is a string when more follow');
  const all = [...first.json.orders];
  let cursor = first.json.nextCursor;
  for (let guard = 0; cursor !== null; guard += 1) {
    check(guard < 500, 'the walk never ends');
    const next = await page(`?limit=7&cursor=${encodeURIComponent(cursor)}`);
    checkEqual(next.status, 200, 'next page status');
    all.push(...next.json.orders);
    cursor = next.json.nextCursor;
  }
  checkEqual(all[2]?.id, ids[0], 'third order');
  checkEqual(new Set(all.map((o) => o.id)).size, all.length, 'distinct orders in the walk');
  const whole = await page('?limit=100');
  checkEqual(whole.json.orders.length, Math.min(100, all.length), 'one page of 100 holds the same orders');
  const exact = await page(`?limit=${all.length}`);
  if (all.length <= 100) checkEqual(exact.json.nextCursor, null, 'nextCursor on a page that ends exactly at the last order');
});

test('pagination: pages stay stable while orders are created', async () => {
  const ids = await createMany(5);
  const first = await page('?limit=2');
  checkEqual(first.json.orders.map((o) => o.id), [ids[4], ids[3]], 'first page');
  const [newer] = await createMany(1);
  const second = await page(`?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
  checkEqual(second.json.orders.map((o) => o.id), [ids[2], ids[1]], 'second page after a new order');
  check(!second.json.orders.some((o) => o.id === newer), 'the new order appears on a later page');
});

test('pagination: a bad limit or a forged cursor is 400', async () => {
  for (const q of ['?limit=0', '?limit=101', '?limit=abc', '?limit=2.5', '?cursor=bm90LWEtY3Vyc29y', '?cursor=%7B%7D']) {
    checkEqual((await page(q)).status, 400, `status for ${q}`);
  }
});

test('get by id: 200 for a stored order, 404 otherwise', async () => {
  const [id] = await createMany(1);
  const res = await request('GET', `${app.base}/orders/${encodeURIComponent(id)}`);
  checkEqual(res.status, 200, 'status');
  checkEqual(res.json?.id, id, 'id');
  checkEqual((await request('GET', `${app.base}/orders/does-not-exist`)).status, 404, 'status for an unknown id');
});

await run({
  after: async () => {
    app.stop();
    await payments.close();
  },
});
