// Hidden suite for tasks/order-summary: a catalog stub with generated customers, counting calls.
import { check, checkEqual, gate, request, run, startProgram, test, upstream } from './lib.mjs';

const PAGE = 50;
const MAX_BATCH = 50;

/** Deterministic catalog: product i costs 100 + (i * 37) % 900; a customer's lines cycle over a product range. */
const products = new Map();
const product = (id, priceCents) => products.set(id, { id, priceCents });
for (let i = 1; i <= 200; i += 1) product(`p${i}`, 100 + ((i * 37) % 900));
product('boom-1', 500);
const customers = new Map();
function customer(id, orderCount, productIds, linesPerOrder = 3) {
  const orders = [];
  let k = 0;
  for (let o = 1; o <= orderCount; o += 1) {
    const lines = [];
    for (let l = 0; l < linesPerOrder; l += 1) {
      lines.push({ productId: productIds[k % productIds.length], quantity: 1 + ((o + l) % 4) });
      k += 1;
    }
    orders.push({ id: `${id}-o${o}`, lines });
  }
  customers.set(id, orders);
}
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => `p${from + i}`);
customer('small', 3, range(1, 5));
customer('big', 120, range(1, 40));
customer('wide', 130, range(51, 180), 1);
customer('flaky', 4, ['p1', 'boom-1', 'p2']);
customer('ghost', 2, ['p3', 'p-unknown']);
customer('race-a', 60, range(1, 10));
customer('race-b', 7, range(11, 20));

function expected(id) {
  const orders = customers.get(id);
  let items = 0;
  let totalCents = 0;
  for (const o of orders)
    for (const l of o.lines) {
      items += l.quantity;
      totalCents += l.quantity * products.get(l.productId).priceCents;
    }
  return { customerId: id, orders: orders.length, items, totalCents };
}

/** The stub's answer to one call; `holds` lets a test hold chosen calls. */
let hold = () => null;
function catalog(call) {
  const url = new URL(call.url, 'http://catalog');
  if (url.pathname === '/orders') {
    const orders = customers.get(url.searchParams.get('customer') ?? '');
    if (!orders) return { status: 404, body: { error: 'unknown customer' } };
    const page = Number(url.searchParams.get('page') ?? '1');
    const slice = orders.slice((page - 1) * PAGE, page * PAGE);
    return { status: 200, body: { orders: slice, nextPage: page * PAGE < orders.length ? page + 1 : null } };
  }
  if (url.pathname === '/products') {
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > MAX_BATCH) return { status: 400, body: { error: `1 to ${MAX_BATCH} ids` } };
    if (ids.some((id) => id.startsWith('boom'))) return { status: 500, body: { error: 'catalog hiccup' } };
    return { status: 200, body: { products: ids.flatMap((id) => (products.has(id) ? [products.get(id)] : [])) } };
  }
  const m = /^\/products\/([^/]+)$/.exec(url.pathname);
  if (m) {
    const id = decodeURIComponent(m[1]);
    if (id.startsWith('boom')) return { status: 500, body: { error: 'catalog hiccup' } };
    return products.has(id) ? { status: 200, body: products.get(id) } : { status: 404, body: { error: 'unknown product' } };
  }
  return { status: 404, body: { error: 'no such route' } };
}
const stub = await upstream(async (call) => {
  const held = hold(call);
  if (held) await held;
  return catalog(call);
});
const app = await startProgram({ CATALOG_URL: stub.url });

const summary = (id) => request('GET', `${app.base}/customers/${id}/summary`);
/** Calls the stub received while `fn` ran. */
async function counting(fn) {
  const before = stub.calls.length;
  const result = await fn();
  return { result, calls: stub.calls.slice(before) };
}
const isBatch = (c) => c.url.startsWith('/products?');
const isSingle = (c) => /^\/products\/[^/?]+/.test(c.url);

test("summary: a small customer's totals are right", async () => {
  const res = await summary('small');
  checkEqual(res.status, 200, 'status');
  checkEqual(res.json, expected('small'), 'summary');
});

test('paging: every page of orders counts', async () => {
  const res = await summary('big');
  checkEqual(res.status, 200, 'status');
  checkEqual(res.json, expected('big'), 'summary of a customer with 120 orders (3 pages)');
});

test('performance: one call per page of orders plus one per 50 distinct products', async () => {
  const { result, calls } = await counting(() => summary('big'));
  checkEqual(result.status, 200, 'status');
  checkEqual(calls.filter(isSingle).length, 0, 'single-product calls');
  checkEqual(calls.filter((c) => c.url.startsWith('/orders')).length, 3, 'order page calls');
  check(calls.filter(isBatch).length <= 1, `${calls.filter(isBatch).length} batch calls for 40 distinct products, 1 expected`);
  checkEqual(result.json, expected('big'), 'summary');
});

test('performance: batches respect the 50-id limit', async () => {
  const { result, calls } = await counting(() => summary('wide'));
  checkEqual(result.status, 200, 'status');
  checkEqual(result.json, expected('wide'), 'summary of a customer with 130 distinct products');
  const batches = calls.filter(isBatch);
  checkEqual(batches.length, 3, 'batch calls for 130 distinct products');
  checkEqual(calls.filter(isSingle).length, 0, 'single-product calls');
});

test('errors: a failing catalog call gives 502, never a wrong 200', async () => {
  const res = await summary('flaky');
  checkEqual(res.status, 502, 'status when a product lookup fails with 500');
});

test('errors: a product the catalog does not know gives 502', async () => {
  const res = await summary('ghost');
  checkEqual(res.status, 502, 'status when a line names an unknown product');
});

test("concurrency: two summaries at once never mix customers' numbers", async () => {
  // Customer A's first catalog call is held until B's summary has been answered, so any state
  // shared between requests is overwritten by B while A waits, every time.
  const release = gate();
  let holding = true;
  hold = (call) => (holding && call.url.includes('customer=race-a') ? release.promise : null);
  try {
    const seen = stub.calls.length;
    const a = summary('race-a');
    while (!stub.calls.slice(seen).some((c) => c.url.includes('customer=race-a'))) await stub.waitForCalls(stub.calls.length + 1);
    const b = await summary('race-b');
    holding = false;
    release.open();
    const resA = await a;
    checkEqual(b.status, 200, 'status of B');
    checkEqual(b.json, expected('race-b'), 'summary of B');
    checkEqual(resA.status, 200, 'status of A');
    checkEqual(resA.json, expected('race-a'), 'summary of A');
  } finally {
    holding = false;
    release.open();
    hold = () => null;
  }
});

await run({
  after: async () => {
    app.stop();
    await stub.close();
  },
});
