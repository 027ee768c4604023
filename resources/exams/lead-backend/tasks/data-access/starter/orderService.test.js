// Visible tests: `npm test` (or `node --test`). Passing these is necessary, not sufficient:
// the grader runs more tests against the contract in README.md.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createDb } from './db.js';
import { migrate } from './schema.js';
import { seed } from './fixtures.js';
import { createOrderService } from './orderService.js';

// Each test gets 5 s: code that hangs fails that test instead of stalling the run.
const test = (name, fn) => nodeTest(name, { timeout: 5_000 }, fn);

function setup() {
  const db = createDb();
  migrate(db);
  seed(db);
  return { db, service: createOrderService(db) };
}

test('findCustomerByEmail ignores case and spaces', () => {
  const { service } = setup();
  assert.deepEqual(service.findCustomerByEmail('  Grace@Example.com '), { id: 2, email: 'grace@example.com', name: 'Grace Hopper' });
  assert.equal(service.findCustomerByEmail('nobody@example.com'), null);
});

test('findCustomerByEmail cannot be tricked into returning someone', () => {
  const { service } = setup();
  assert.equal(service.findCustomerByEmail("x' OR '1'='1"), null);
});

test('searchProducts filters, sorts and limits', () => {
  const { service } = setup();
  const found = service.searchProducts({ category: 'kitchen', sort: 'price_desc', limit: 2 });
  assert.deepEqual(found.map((p) => p.sku), ['KIT-3', 'KIT-1']);
  assert.deepEqual(service.searchProducts({ category: 'kitchen', text: 'IRON' }).map((p) => p.sku), ['KIT-2']);
});

test('getOrderHistory returns orders newest first with their items', () => {
  const { service } = setup();
  const history = service.getOrderHistory(1);
  assert.deepEqual(history.map((o) => o.id), [4, 2, 1]);
  assert.deepEqual(history[0].items, [
    { productId: 1, sku: 'KIT-1', name: 'Chef Knife', quantity: 1, unitPriceCents: 6299 },
    { productId: 6, sku: 'TEX-3', name: 'Wool Throw', quantity: 3, unitPriceCents: 5999 },
  ]);
});

test('getOrderHistory uses at most 3 queries', () => {
  const { db, service } = setup();
  db.resetStats();
  service.getOrderHistory(1);
  assert.ok(db.stats.queries <= 3, `${db.stats.queries} queries`);
});
