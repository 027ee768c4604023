// orders-api reference solution (Node.js, standard library only).
import http from 'node:http';
import { isDeepStrictEqual } from 'node:util';

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:9';

/** Orders in the order their creation completed; `seq` is the position + 1. */
const orders = [];
const byId = new Map();
/** key -> { state: 'pending', body } | { state: 'done', body, status, response } */
const idempotency = new Map();

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      text += d;
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}

const isText = (v) => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const isInt = (v, min, max) => Number.isInteger(v) && v >= min && v <= max;

function validOrder(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  if (!isText(body.customerId) || !Array.isArray(body.items)) return false;
  if (body.items.length < 1 || body.items.length > 50) return false;
  return body.items.every(
    (it) => typeof it === 'object' && it !== null && isText(it.sku) && isInt(it.quantity, 1, 100) && isInt(it.unitPriceCents, 0, Number.MAX_SAFE_INTEGER),
  );
}

async function charge(key, amountCents) {
  try {
    const res = await fetch(`${PAYMENTS_URL}/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idempotencyKey: key, amountCents }),
    });
    if (!res.ok) return { ok: false, reason: `payment service answered ${res.status}` };
    const body = await res.json();
    return { ok: true, id: String(body.id) };
  } catch (error) {
    return { ok: false, reason: `payment service unreachable: ${error.message}` };
  }
}

async function createOrder(req, res) {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length < 1 || key.length > 64) return send(res, 400, { error: 'Idempotency-Key must be 1 to 64 characters' });
  const body = await readJson(req);
  if (!validOrder(body)) return send(res, 400, { error: 'invalid order' });

  const seen = idempotency.get(key);
  if (seen) {
    if (seen.state === 'pending') return send(res, 409, { error: 'a request with this Idempotency-Key is in progress' });
    return send(res, seen.status, seen.response, { 'idempotent-replayed': 'true' });
  }
  // Claimed before the first await: a concurrent duplicate sees 'pending'.
  idempotency.set(key, { state: 'pending', body });

  const totalCents = body.items.reduce((sum, it) => sum + it.quantity * it.unitPriceCents, 0);
  const result = await charge(key, totalCents);
  if (!result.ok) {
    idempotency.delete(key);
    return send(res, 502, { error: result.reason });
  }
  const stored = { id: `ord_${orders.length + 1}`, customerId: body.customerId, totalCents, chargeId: result.id };
  orders.push(stored);
  byId.set(stored.id, stored);
  idempotency.set(key, { state: 'done', body, status: 201, response: stored });
  return send(res, 201, stored);
}

const encodeCursor = (seq) => Buffer.from(`seq:${seq}`).toString('base64url');
function decodeCursor(cursor) {
  const m = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(seq) && seq >= 1 && seq <= orders.length ? seq : null;
}

function listOrders(url, res) {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? 20 : /^\d+$/.test(limitParam) ? Number(limitParam) : NaN;
  if (!isInt(limit, 1, 100)) return send(res, 400, { error: 'limit must be an integer from 1 to 100' });
  const cursor = url.searchParams.get('cursor');
  let before = orders.length + 1; // keyset: orders with seq < before, newest first
  if (cursor !== null) {
    const seq = decodeCursor(cursor);
    if (seq === null) return send(res, 400, { error: 'invalid cursor' });
    before = seq;
  }
  const pageOrders = [];
  for (let seq = before - 1; seq >= 1 && pageOrders.length < limit; seq -= 1) pageOrders.push(orders[seq - 1]);
  const lastSeq = before - pageOrders.length;
  const nextCursor = pageOrders.length === limit && lastSeq > 1 ? encodeCursor(lastSeq) : null;
  return send(res, 200, { orders: pageOrders, nextCursor });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const fail = (error) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
  };
  if (req.method === 'POST' && url.pathname === '/orders') return void createOrder(req, res).catch(fail);
  if (req.method === 'GET' && url.pathname === '/orders') return void listOrders(url, res);
  const m = /^\/orders\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && m) {
    const found = byId.get(decodeURIComponent(m[1]));
    return found ? send(res, 200, found) : send(res, 404, { error: 'not found' });
  }
  return send(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
