// orders-api starter (Node.js, standard library only). Read README.md; finish the handlers.
import http from 'node:http';

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://127.0.0.1:9';

/** Orders in the order their creation completed. */
const orders = [];
const byId = new Map();

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Resolves to the parsed JSON body, or undefined when the body is not JSON. */
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

async function createOrder(req, res) {
  // TODO: validate, honour Idempotency-Key, charge via POST ${PAYMENTS_URL}/charges, store.
  void PAYMENTS_URL;
  void orders;
  return send(res, 501, { error: 'not implemented' });
}

function listOrders(url, res) {
  // TODO: newest first, limit, opaque and stable cursor.
  return send(res, 501, { error: 'not implemented' });
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
