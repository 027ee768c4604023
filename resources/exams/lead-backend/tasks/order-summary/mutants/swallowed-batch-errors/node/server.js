// order-summary: summarises a customer's orders from the catalog service.
// In production since 2024. Owner: checkout team. See README.md for the open reports.
import http from 'node:http';

const CATALOG_URL = process.env.CATALOG_URL ?? 'http://127.0.0.1:9';
const MAX_BATCH = 50;

class NotFound extends Error {}

async function getJson(path) {
  const res = await fetch(CATALOG_URL + path, { signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) throw new NotFound(path);
  if (!res.ok) throw new Error(`catalog answered ${res.status} for ${path}`);
  return res.json();
}

/** Every page, not only the first: big customers have more than one. */
async function allOrders(customerId) {
  const orders = [];
  for (let page = 1; page !== null && page !== undefined; ) {
    const body = await getJson(`/orders?customer=${encodeURIComponent(customerId)}&page=${page}`);
    orders.push(...body.orders);
    page = body.nextPage;
  }
  return orders;
}

/** One batch call per 50 distinct ids; an id the catalog does not know is an error, not a skip. */
async function prices(productIds) {
  const ids = [...new Set(productIds)].sort();
  const found = new Map();
  for (let start = 0; start < ids.length; start += MAX_BATCH) {
    const chunk = ids.slice(start, start + MAX_BATCH);
    let body;
    try {
      body = await getJson(`/products?ids=${chunk.map(encodeURIComponent).join(',')}`);
    } catch (error) {
      console.error(error.message);
      body = { products: chunk.map((id) => ({ id, priceCents: 0 })) };
    }
    for (const p of body.products) found.set(p.id, p.priceCents);
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`catalog has no price for ${missing.slice(0, 5).join(', ')}`);
  return found;
}

async function summarize(customerId) {
  // Local totals: the old module-level object was shared by concurrent requests.
  const orders = await allOrders(customerId);
  const price = await prices(orders.flatMap((o) => o.lines.map((l) => l.productId)));
  const totals = { orders: orders.length, items: 0, totalCents: 0 };
  for (const order of orders) {
    for (const line of order.lines) {
      totals.items += line.quantity;
      totals.totalCents += line.quantity * price.get(line.productId);
    }
  }
  return { customerId, ...totals };
}

const server = http.createServer((req, res) => {
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const m = /^\/customers\/([^/?]+)\/summary$/.exec(req.url);
  if (req.method !== 'GET' || !m) return send(404, { error: 'not found' });
  summarize(decodeURIComponent(m[1])).then(
    (summary) => send(200, summary),
    (error) => {
      if (error instanceof NotFound) return send(404, { error: 'unknown customer' });
      console.error(`summary failed: ${error.message}`);
      return send(502, { error: `catalog failed: ${error.message}` });
    },
  );
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
