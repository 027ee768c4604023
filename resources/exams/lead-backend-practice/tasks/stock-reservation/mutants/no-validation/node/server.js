// stock-reservation reference solution (Node.js, standard library only).
import http from 'node:http';

const LEDGER_URL = process.env.LEDGER_URL ?? 'http://127.0.0.1:9';
const stock = new Map();
const reservations = new Map(); // Idempotency-Key -> response body of the 201

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
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

async function record(entry) {
  try {
    const res = await fetch(`${LEDGER_URL}/entries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry) });
    return res.ok;
  } catch (error) {
    console.error(`ledger unreachable: ${error.message}`);
    return false;
  }
}

async function reserve(req, res) {
  const key = req.headers['idempotency-key'];
  const body = await readJson(req);
  if (typeof key !== 'string' || key.length < 1 || key.length > 64) return send(res, 400, { error: 'Idempotency-Key must be 1 to 64 characters' });
  if (typeof body?.sku !== 'string' || typeof body.quantity !== 'number') return send(res, 400, { error: 'invalid reservation' });
  const done = reservations.get(key);
  if (done) return send(res, 201, done);
  if (!stock.has(body.sku)) return send(res, 404, { error: 'unknown sku' });
  if (stock.get(body.sku) < body.quantity) return send(res, 409, { error: 'not enough stock' });
  // Taken before the ledger call: a concurrent reservation sees the reduced stock.
  stock.set(body.sku, stock.get(body.sku) - body.quantity);
  if (!(await record({ key, sku: body.sku, quantity: body.quantity }))) {
    stock.set(body.sku, stock.get(body.sku) + body.quantity);
    return send(res, 502, { error: 'ledger failed' });
  }
  const created = { id: `res_${reservations.size + 1}`, sku: body.sku, quantity: body.quantity };
  reservations.set(key, created);
  return send(res, 201, created);
}

async function setStock(sku, req, res) {
  const body = await readJson(req);
  if (!Number.isInteger(body?.quantity) || body.quantity < 0) return send(res, 400, { error: 'quantity must be an integer >= 0' });
  stock.set(sku, body.quantity);
  return send(res, 200, { sku, available: body.quantity });
}

const server = http.createServer((req, res) => {
  const fail = (error) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
  };
  const m = /^\/stock\/([^/?]+)$/.exec(req.url);
  if (m && req.method === 'PUT') return void setStock(decodeURIComponent(m[1]), req, res).catch(fail);
  if (m && req.method === 'GET') {
    const sku = decodeURIComponent(m[1]);
    return stock.has(sku) ? send(res, 200, { sku, available: stock.get(sku) }) : send(res, 404, { error: 'unknown sku' });
  }
  if (req.url === '/reservations' && req.method === 'POST') return void reserve(req, res).catch(fail);
  return send(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
