// order-summary: summarises a customer's orders from the catalog service.
// In production since 2024. Owner: checkout team. See README.md for the open reports.
import http from 'node:http';

const CATALOG_URL = process.env.CATALOG_URL ?? 'http://127.0.0.1:9';

class NotFound extends Error {}

async function getJson(path) {
  const res = await fetch(CATALOG_URL + path, { signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) throw new NotFound(path);
  if (!res.ok) throw new Error(`catalog answered ${res.status} for ${path}`);
  return res.json();
}

// Reused between requests so that big summaries do not allocate a new object per line.
const totals = { orders: 0, items: 0, totalCents: 0 };

async function summarize(customerId) {
  totals.orders = 0;
  totals.items = 0;
  totals.totalCents = 0;
  const page = await getJson(`/orders?customer=${encodeURIComponent(customerId)}&page=1`);
  for (const order of page.orders) {
    totals.orders += 1;
    for (const line of order.lines) {
      let product;
      try {
        product = await getJson(`/products/${encodeURIComponent(line.productId)}`);
      } catch (error) {
        // a missing price must not break the whole summary
        console.error(`skipping line: ${error.message}`);
        continue;
      }
      totals.items += line.quantity;
      totals.totalCents += line.quantity * product.priceCents;
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
    (error) => (error instanceof NotFound ? send(404, { error: 'unknown customer' }) : send(502, { error: `catalog failed: ${error.message}` })),
  );
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
