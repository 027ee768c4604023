// Hidden tests for tasks/orders-api: the grader copies this folder into the candidate's workspace
// as hidden/ and runs `node --test --test-reporter=tap hidden/`.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../server.js';

// Each test gets 5 s: code that hangs fails that test instead of stalling the run.
const test = (name, fn) => nodeTest(name, { timeout: 5_000 }, fn);

async function start(t) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  const base = `http://127.0.0.1:${server.address().port}`;
  return async (method, path, { body, headers = {} } = {}) => {
    const init = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) init.headers['content-type'] = 'application/json';
    }
    const res = await fetch(base + path, init);
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
}

const order = (customerId = 'cus_1', extra = {}) => ({
  customerId,
  currency: 'EUR',
  items: [{ sku: 'SKU-1', quantity: 2 }],
  ...extra,
});

async function create(call, customerId) {
  const res = await call('POST', '/orders', { body: order(customerId) });
  assert.equal(res.status, 201, `creating ${customerId}`);
  return res.body;
}

async function walk(call, limit) {
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 100; page += 1) {
    const res = await call('GET', `/orders?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200);
    seen.push(...res.body.data.map((o) => o.customerId));
    cursor = res.body.nextCursor;
    if (cursor === null) return seen;
  }
  throw new Error('pagination never ended');
}

// --- creation and validation ---

test('created order has the documented shape and JSON content type', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', { body: order('cus_9', { note: 'leave at the door' }) });
  assert.equal(res.status, 201);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(res.body).sort(), ['createdAt', 'currency', 'customerId', 'id', 'items', 'status']);
  assert.deepEqual(res.body.items, [{ sku: 'SKU-1', quantity: 2 }]);
  assert.ok(!Number.isNaN(Date.parse(res.body.createdAt)));
});

test('malformed JSON is a 400 invalid_json, not a 500', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', { body: '{"customerId": "cus_1",' });
  assert.equal(res.status, 400);
  assert.equal(res.body.error, 'invalid_json');
});

test('valid JSON that is not an object reports the path "body"', async (t) => {
  const call = await start(t);
  for (const body of ['[1,2]', 'null', '"order"']) {
    const res = await call('POST', '/orders', { body });
    assert.equal(res.status, 400, body);
    assert.equal(res.body.error, 'validation_failed');
    assert.ok('body' in res.body.fields, body);
  }
});

test('every invalid field is reported at once, with nested paths', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', {
    body: { customerId: '', currency: 'eur', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2.5 }, { quantity: 3 }] },
  });
  assert.equal(res.status, 400);
  const paths = Object.keys(res.body.fields).sort();
  assert.deepEqual(paths, ['currency', 'customerId', 'items[1].quantity', 'items[2].sku']);
});

test('quantity bounds and item count bounds are enforced', async (t) => {
  const call = await start(t);
  const zero = await call('POST', '/orders', { body: order('c', { items: [{ sku: 'A', quantity: 0 }] }) });
  assert.deepEqual(Object.keys(zero.body.fields ?? {}), ['items[0].quantity']);
  const huge = await call('POST', '/orders', { body: order('c', { items: [{ sku: 'A', quantity: 1001 }] }) });
  assert.deepEqual(Object.keys(huge.body.fields ?? {}), ['items[0].quantity']);
  const stringly = await call('POST', '/orders', { body: order('c', { items: [{ sku: 'A', quantity: '2' }] }) });
  assert.deepEqual(Object.keys(stringly.body.fields ?? {}), ['items[0].quantity']);
  const none = await call('POST', '/orders', { body: order('c', { items: [] }) });
  assert.deepEqual(Object.keys(none.body.fields ?? {}), ['items']);
  const many = Array.from({ length: 51 }, (_, i) => ({ sku: `S${i}`, quantity: 1 }));
  const tooMany = await call('POST', '/orders', { body: order('c', { items: many }) });
  assert.deepEqual(Object.keys(tooMany.body.fields ?? {}), ['items']);
  const longId = await call('POST', '/orders', { body: order('x'.repeat(65)) });
  assert.deepEqual(Object.keys(longId.body.fields ?? {}), ['customerId']);
  const list = await call('GET', '/orders');
  assert.equal(list.body.data.length, 0, 'no invalid order may be stored');
});

test('Content-Type with parameters or other casing is accepted; a missing or wrong one is 415', async (t) => {
  const call = await start(t);
  const ok = await call('POST', '/orders', { body: order(), headers: { 'Content-Type': 'Application/JSON; charset=utf-8' } });
  assert.equal(ok.status, 201);
  const text = await call('POST', '/orders', { body: JSON.stringify(order()), headers: { 'content-type': 'text/plain' } });
  assert.equal(text.status, 415);
  assert.equal(text.body.error, 'unsupported_media_type');
  const sneaky = await call('POST', '/orders', { body: JSON.stringify(order()), headers: { 'content-type': 'application/jsonp' } });
  assert.equal(sneaky.status, 415);
});

// --- idempotency ---

test('a replay returns the original status, Location and body, marked Idempotent-Replayed', async (t) => {
  const call = await start(t);
  const headers = { 'idempotency-key': 'k-1' };
  const first = await call('POST', '/orders', { body: order(), headers });
  const replay = await call('POST', '/orders', { body: order(), headers });
  assert.equal(replay.status, 201);
  assert.equal(replay.headers.get('location'), first.headers.get('location'));
  assert.deepEqual(replay.body, first.body);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(first.headers.get('idempotent-replayed'), null, 'the first response is not a replay');
});

test('the same body with different key order and whitespace counts as the same request', async (t) => {
  const call = await start(t);
  const headers = { 'idempotency-key': 'k-2' };
  await call('POST', '/orders', { body: '{"customerId":"cus_1","currency":"EUR","items":[{"sku":"SKU-1","quantity":2}]}', headers });
  const replay = await call('POST', '/orders', {
    body: '{ "items": [ { "quantity": 2, "sku": "SKU-1" } ],\n  "currency": "EUR", "customerId": "cus_1" }',
    headers,
  });
  assert.equal(replay.status, 201);
  assert.equal((await call('GET', '/orders')).body.data.length, 1);
});

test('the same key with a different body is a 422 and creates nothing', async (t) => {
  const call = await start(t);
  const headers = { 'idempotency-key': 'k-3' };
  await call('POST', '/orders', { body: order('cus_1'), headers });
  const reuse = await call('POST', '/orders', { body: order('cus_2'), headers });
  assert.equal(reuse.status, 422);
  assert.equal(reuse.body.error, 'idempotency_key_reused');
  assert.equal((await call('GET', '/orders')).body.data.length, 1);
});

test('a rejected request does not use up its key', async (t) => {
  const call = await start(t);
  const headers = { 'idempotency-key': 'k-4' };
  const bad = await call('POST', '/orders', { body: order('cus_1', { currency: 'XXX' }), headers });
  assert.equal(bad.status, 400);
  const fixed = await call('POST', '/orders', { body: order('cus_1'), headers });
  assert.equal(fixed.status, 201);
  assert.equal(fixed.headers.get('idempotent-replayed'), null);
});

test('different keys create different orders; no key never replays', async (t) => {
  const call = await start(t);
  const a = await call('POST', '/orders', { body: order(), headers: { 'idempotency-key': 'k-a' } });
  const b = await call('POST', '/orders', { body: order(), headers: { 'idempotency-key': 'k-b' } });
  const c = await call('POST', '/orders', { body: order() });
  const d = await call('POST', '/orders', { body: order() });
  assert.equal(new Set([a.body.id, b.body.id, c.body.id, d.body.id]).size, 4);
});

test('concurrent requests with one key create exactly one order', async (t) => {
  const call = await start(t);
  const headers = { 'idempotency-key': 'k-race' };
  const results = await Promise.all(Array.from({ length: 8 }, () => call('POST', '/orders', { body: order(), headers })));
  assert.ok(results.every((r) => r.status === 201));
  assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
  assert.equal((await call('GET', '/orders')).body.data.length, 1);
});

test('an over-long Idempotency-Key is rejected', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', { body: order(), headers: { 'idempotency-key': 'k'.repeat(256) } });
  assert.equal(res.status, 400);
  assert.ok('Idempotency-Key' in (res.body.fields ?? {}));
  const max = await call('POST', '/orders', { body: order(), headers: { 'idempotency-key': 'k'.repeat(255) } });
  assert.equal(max.status, 201);
});

// --- pagination ---

test('default page size is 20 and walking all pages sees every order once, newest first', async (t) => {
  const call = await start(t);
  const ids = Array.from({ length: 45 }, (_, i) => `c${String(i).padStart(2, '0')}`);
  for (const id of ids) await create(call, id);
  const first = await call('GET', '/orders');
  assert.equal(first.body.data.length, 20);
  assert.deepEqual(await walk(call, 7), [...ids].reverse());
  assert.deepEqual(await walk(call, 100), [...ids].reverse());
});

test('nextCursor is null exactly when nothing follows', async (t) => {
  const call = await start(t);
  for (const id of ['a', 'b', 'c', 'd']) await create(call, id);
  const exact = await call('GET', '/orders?limit=4');
  assert.equal(exact.body.data.length, 4);
  assert.equal(exact.body.nextCursor, null);
  const page = await call('GET', '/orders?limit=2');
  const last = await call('GET', `/orders?limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`);
  assert.deepEqual(last.body.data.map((o) => o.customerId), ['b', 'a']);
  assert.equal(last.body.nextCursor, null);
  const empty = await start(t);
  const none = await empty('GET', '/orders');
  assert.deepEqual(none.body, { data: [], nextCursor: null });
});

test('orders created between pages neither repeat nor shift later pages', async (t) => {
  const call = await start(t);
  for (const id of ['o1', 'o2', 'o3', 'o4', 'o5']) await create(call, id);
  const first = await call('GET', '/orders?limit=2');
  assert.deepEqual(first.body.data.map((o) => o.customerId), ['o5', 'o4']);
  await create(call, 'o6');
  await create(call, 'o7');
  const second = await call('GET', `/orders?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  assert.deepEqual(second.body.data.map((o) => o.customerId), ['o3', 'o2']);
});

test('invalid limits are 400 with the field limit', async (t) => {
  const call = await start(t);
  for (const limit of ['0', '101', 'abc', '2.5', '-1', '']) {
    const res = await call('GET', `/orders?limit=${limit}`);
    assert.equal(res.status, 400, `limit=${limit}`);
    assert.ok('limit' in (res.body.fields ?? {}), `limit=${limit}`);
  }
  assert.equal((await call('GET', '/orders?limit=100')).status, 200);
  assert.equal((await call('GET', '/orders?limit=1')).status, 200);
});

test('a cursor the server did not issue is 400 with the field cursor', async (t) => {
  const call = await start(t);
  for (const id of ['a', 'b', 'c']) await create(call, id);
  for (const cursor of ['not-a-cursor', '%7B%7D', '!!!']) {
    const res = await call('GET', `/orders?limit=1&cursor=${cursor}`);
    assert.equal(res.status, 400, `cursor=${cursor}`);
    assert.ok('cursor' in (res.body.fields ?? {}), `cursor=${cursor}`);
  }
});

// --- routing ---

test('unsupported methods are 405 with Allow', async (t) => {
  const call = await start(t);
  const put = await call('PUT', '/orders', { body: order() });
  assert.equal(put.status, 405);
  assert.equal(put.body.error, 'method_not_allowed');
  assert.deepEqual(put.headers.get('allow').split(',').map((m) => m.trim()).sort(), ['GET', 'POST']);
  const created = await create(call, 'x');
  const del = await call('DELETE', `/orders/${created.id}`);
  assert.equal(del.status, 405);
  assert.deepEqual(del.headers.get('allow').split(',').map((m) => m.trim()), ['GET']);
  assert.equal((await call('GET', `/orders/${created.id}`)).status, 200, 'DELETE must not have deleted it');
});

test('unknown paths and ids are 404 not_found', async (t) => {
  const call = await start(t);
  const path = await call('GET', '/customers');
  assert.equal(path.status, 404);
  assert.equal(path.body.error, 'not_found');
  const id = await call('GET', '/orders/ord_zzzzzzzz');
  assert.equal(id.status, 404);
  assert.equal(id.body.error, 'not_found');
});
