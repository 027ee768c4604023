// Visible tests: `npm test` (or `node --test`). Passing these is necessary, not sufficient:
// the grader runs more tests against the contract in README.md.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from './server.js';

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
      init.headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + path, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
}

const validOrder = (customerId = 'cus_1') => ({ customerId, currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 2 }] });

test('POST /orders creates an order: 201 with Location', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', { body: validOrder() });
  assert.equal(res.status, 201);
  assert.equal(res.body.customerId, 'cus_1');
  assert.equal(res.body.status, 'pending');
  assert.equal(res.headers.get('location'), `/orders/${res.body.id}`);
  const fetched = await call('GET', res.headers.get('location'));
  assert.deepEqual(fetched.body, res.body);
});

test('POST /orders without customerId: 400 with the field', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', { body: { currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 1 }] } });
  assert.equal(res.status, 400);
  assert.equal(res.body.error, 'validation_failed');
  assert.ok('customerId' in res.body.fields);
});

test('POST /orders with a non-JSON body type: 415', async (t) => {
  const call = await start(t);
  const res = await call('POST', '/orders', { body: 'customerId=cus_1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 415);
});

test('GET /orders pages newest first with a cursor', async (t) => {
  const call = await start(t);
  for (const id of ['a', 'b', 'c']) await call('POST', '/orders', { body: validOrder(id) });
  const first = await call('GET', '/orders?limit=2');
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.data.map((o) => o.customerId), ['c', 'b']);
  assert.equal(typeof first.body.nextCursor, 'string');
  const second = await call('GET', `/orders?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  assert.deepEqual(second.body.data.map((o) => o.customerId), ['a']);
});

test('a retried POST with the same Idempotency-Key creates one order', async (t) => {
  const call = await start(t);
  const headers = { 'idempotency-key': 'retry-1' };
  const one = await call('POST', '/orders', { body: validOrder(), headers });
  const two = await call('POST', '/orders', { body: validOrder(), headers });
  assert.equal(two.status, 201);
  assert.equal(two.body.id, one.body.id);
  const list = await call('GET', '/orders');
  assert.equal(list.body.data.length, 1);
});

test('GET /orders/<unknown id>: 404', async (t) => {
  const call = await start(t);
  const res = await call('GET', '/orders/ord_nope');
  assert.equal(res.status, 404);
});
