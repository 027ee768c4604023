// Hidden tests for tasks/data-access: the grader copies this folder into the candidate's
// workspace as hidden/ and runs `node --test --test-reporter=tap hidden/`.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createDb } from '../db.js';
import { migrate } from '../schema.js';
import { createOrderService } from '../orderService.js';
import { InvalidArgumentError } from '../errors.js';

// Each test gets 5 s: code that hangs fails that test instead of stalling the run.
const test = (name, fn) => nodeTest(name, { timeout: 5_000 }, fn);

// A deterministic data set bigger than the visible one: 40 customers, 400 orders.
function buildData() {
  let state = 42;
  const rand = (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const customers = [
    { id: 1, email: 'ada@example.com', name: 'Ada Lovelace' },
    { id: 2, email: 'grace@example.com', name: 'Grace Hopper' },
    { id: 3, email: "o'neill@example.com", name: "Siobhan O'Neill" },
  ];
  for (let id = 4; id <= 40; id += 1) customers.push({ id, email: `user${id}@example.com`, name: `User ${id}` });
  const products = [
    { id: 1, sku: 'TEX-1', name: '100% Linen Napkins', category: 'textiles', price_cents: 2499 },
    { id: 2, sku: 'TEX-2', name: '1000-Thread Cotton Sheets', category: 'textiles', price_cents: 8999 },
    { id: 3, sku: 'TEX-3', name: 'Waffle_Weave Towel', category: 'textiles', price_cents: 1999 },
    { id: 4, sku: 'TEX-4', name: 'Linen Tea Towels', category: 'textiles', price_cents: 1999 },
    { id: 5, sku: 'TEX-5', name: 'Wool Throw', category: 'textiles', price_cents: 5999 },
  ];
  for (let id = 6; id <= 60; id += 1) {
    products.push({ id, sku: `KIT-${id}`, name: `Kitchen thing ${id}`, category: 'kitchen', price_cents: 1000 + (id % 7) * 500 });
  }
  const orders = [];
  const items = [];
  const statuses = ['paid', 'shipped', 'pending', 'cancelled'];
  for (let id = 1; id <= 400; id += 1) {
    // Customer 7 is a heavy buyer; customer 8 never orders.
    let customer = id % 16 === 0 ? 7 : 1 + rand(40);
    if (customer === 8) customer = 9;
    const day = String(1 + rand(28)).padStart(2, '0');
    const month = String(1 + rand(12)).padStart(2, '0');
    orders.push({ id, customer_id: customer, status: statuses[rand(4)], created_at: `2025-${month}-${day} 10:00:00` });
  }
  // Two of customer 7's orders share a timestamp: id breaks the tie.
  orders[15].created_at = '2025-12-31 23:00:00';
  orders[31].created_at = '2025-12-31 23:00:00';
  for (const order of orders) {
    const lines = 1 + rand(4);
    for (let l = 0; l < lines; l += 1) {
      items.push({ id: items.length + 1, order_id: order.id, product_id: 1 + rand(60), quantity: 1 + rand(3), unit_price_cents: 999 + rand(9000) });
    }
  }
  return { customers, products, orders, items };
}

const DATA = buildData();

function setup() {
  const db = createDb();
  migrate(db);
  for (const c of DATA.customers) db.insert('customers', c);
  for (const p of DATA.products) db.insert('products', p);
  for (const o of DATA.orders) db.insert('orders', o);
  for (const i of DATA.items) db.insert('order_items', i);
  db.resetStats();
  return { db, service: createOrderService(db) };
}

/** The history computed straight from the data, for comparison. */
function expectedHistory(customerId) {
  const productById = new Map(DATA.products.map((p) => [p.id, p]));
  return DATA.orders
    .filter((o) => o.customer_id === customerId)
    .sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1))
    .map((o) => ({
      id: o.id,
      status: o.status,
      createdAt: o.created_at,
      items: DATA.items
        .filter((i) => i.order_id === o.id)
        .map((i) => ({
          productId: i.product_id,
          sku: productById.get(i.product_id).sku,
          name: productById.get(i.product_id).name,
          quantity: i.quantity,
          unitPriceCents: i.unit_price_cents,
        })),
    }));
}

function assertNoInputInSql(db, ...inputs) {
  assert.ok(db.log.length > 0, 'the service queried nothing');
  for (const { sql } of db.log) {
    for (const input of inputs) assert.ok(!sql.includes(input), `caller input ${JSON.stringify(input)} reached SQL text: ${sql}`);
  }
}

function assertInvalid(fn, label) {
  assert.throws(fn, (err) => err instanceof InvalidArgumentError, label);
}

// --- injection ---

test('findCustomerByEmail binds the email as a parameter', () => {
  const { db, service } = setup();
  assert.equal(service.findCustomerByEmail('zz-marker@example.com'), null);
  assertNoInputInSql(db, 'zz-marker');
});

test('an email containing a quote is found', () => {
  const { service } = setup();
  assert.deepEqual(service.findCustomerByEmail(" O'Neill@Example.com "), { id: 3, email: "o'neill@example.com", name: "Siobhan O'Neill" });
});

test('injection attempts on the email find nobody and raise no SQL error', () => {
  const { service } = setup();
  for (const attack of ["' OR 1=1 --", "x' OR '1'='1", "'", "ada@example.com' --", "' OR email LIKE '%"]) {
    assert.equal(service.findCustomerByEmail(attack), null, attack);
  }
});

test('searchProducts binds category and text as parameters', () => {
  const { db, service } = setup();
  assert.deepEqual(service.searchProducts({ category: 'zz-category', text: 'zz-text' }), []);
  assertNoInputInSql(db, 'zz-category', 'zz-text');
});

test('an injection through the category returns nothing', () => {
  const { service } = setup();
  assert.deepEqual(service.searchProducts({ category: "kitchen' OR '1'='1" }), []);
  assert.deepEqual(service.searchProducts({ category: "x' OR category != '", text: 'a' }), []);
});

test('% and _ in the search text match literally', () => {
  const { service } = setup();
  assert.deepEqual(service.searchProducts({ category: 'textiles', text: '100%' }).map((p) => p.sku), ['TEX-1']);
  assert.deepEqual(service.searchProducts({ category: 'textiles', text: '_' }).map((p) => p.sku), ['TEX-3']);
  assert.deepEqual(service.searchProducts({ category: 'textiles', text: 'n_t' }), []);
});

test('escape-like characters in the search text are harmless', () => {
  const { service } = setup();
  for (const text of ['\\', '!', '^', '#', '|', "'", '\\%']) {
    assert.deepEqual(service.searchProducts({ category: 'textiles', text }), [], JSON.stringify(text));
  }
});

test('an unknown sort is refused before any query', () => {
  const { db, service } = setup();
  for (const sort of ['price_cents; --', 'id', 'sku', '', 'name DESC']) {
    assertInvalid(() => service.searchProducts({ category: 'kitchen', sort }), `sort ${JSON.stringify(sort)}`);
  }
  assert.equal(db.stats.queries, 0);
});

test('limits outside 1..100 or not integers are refused', () => {
  const { service } = setup();
  for (const limit of [0, 101, 2.5, -1, '5', '5 OR 1=1', null, Number.NaN]) {
    assertInvalid(() => service.searchProducts({ category: 'kitchen', limit }), `limit ${String(limit)}`);
  }
  assert.equal(service.searchProducts({ category: 'kitchen', limit: 100 }).length, 55);
  assert.equal(service.searchProducts({ category: 'kitchen', limit: 1 }).length, 1);
});

test('a missing category is refused', () => {
  const { service } = setup();
  assertInvalid(() => service.searchProducts({}), 'no category');
  assertInvalid(() => service.searchProducts({ category: 42 }), 'numeric category');
});

test('price sorts break ties by id', () => {
  const { service } = setup();
  const asc = service.searchProducts({ category: 'textiles', sort: 'price_asc' }).map((p) => p.id);
  assert.deepEqual(asc, [3, 4, 1, 5, 2]);
  const desc = service.searchProducts({ category: 'textiles', sort: 'price_desc' }).map((p) => p.id);
  assert.deepEqual(desc, [2, 5, 1, 3, 4]);
  const byName = service.searchProducts({ category: 'kitchen', limit: 3 }).map((p) => p.name);
  assert.deepEqual(byName, ['Kitchen thing 10', 'Kitchen thing 11', 'Kitchen thing 12']);
});

test('getOrderHistory refuses ids that are not positive integers', () => {
  const { db, service } = setup();
  for (const id of ['1 OR 1=1', '7', 0, -3, 1.5, null, undefined]) {
    assertInvalid(() => service.getOrderHistory(id), `id ${String(id)}`);
  }
  assert.equal(db.stats.queries, 0);
});

// --- N+1 and indexes ---

test('a heavy buyer\'s history is complete and correct', () => {
  const { service } = setup();
  const expected = expectedHistory(7);
  assert.ok(expected.length >= 25);
  assert.deepEqual(service.getOrderHistory(7), expected);
});

test('timestamp ties are ordered by id, newest first', () => {
  const { service } = setup();
  const ids = service.getOrderHistory(7).map((o) => o.id);
  assert.ok(ids.indexOf(32) < ids.indexOf(16), 'order 32 comes before order 16');
  assert.equal(ids[0], 32);
});

test('query count does not grow with the number of orders', () => {
  const { db, service } = setup();
  for (const customer of [7, 1, 2, 3]) {
    db.resetStats();
    const history = service.getOrderHistory(customer);
    assert.deepEqual(history, expectedHistory(customer));
    assert.ok(db.stats.queries <= 3, `customer ${customer}: ${db.stats.queries} queries`);
  }
});

test('a customer without orders gets [] without a broken query', () => {
  const { db, service } = setup();
  assert.deepEqual(service.getOrderHistory(8), []);
  assert.deepEqual(service.getOrderHistory(999), []);
  assert.ok(db.stats.queries <= 2);
});

test('the history reads only the rows it needs', () => {
  const { db, service } = setup();
  for (const customer of [7, 3]) {
    db.resetStats();
    const history = service.getOrderHistory(customer);
    const itemCount = history.reduce((n, o) => n + o.items.length, 0);
    const productCount = new Set(history.flatMap((o) => o.items.map((i) => i.productId))).size;
    const budget = history.length + itemCount + productCount;
    assert.ok(db.stats.rowsScanned <= budget, `customer ${customer}: scanned ${db.stats.rowsScanned} rows, budget ${budget}`);
  }
});
