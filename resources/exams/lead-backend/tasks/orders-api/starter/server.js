// Orders API. See README.md for the contract the tests check.
import http from 'node:http';
import { HttpError, readBody, sendJson } from './http.js';
import { createOrderStore } from './store.js';

/**
 * Creates the HTTP server (not listening yet: call `.listen(port)`).
 * `store` and `now` can be replaced in tests.
 */
export function createServer({ store = createOrderStore(), now = () => new Date() } = {}) {
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');

      if (url.pathname === '/orders' && req.method === 'POST') {
        const body = JSON.parse(await readBody(req));
        // TODO: validate the body, honour Idempotency-Key.
        const order = store.insert({
          customerId: body.customerId,
          currency: body.currency,
          items: body.items,
          status: 'pending',
          createdAt: now().toISOString(),
        });
        return sendJson(res, 200, order);
      }

      if (url.pathname === '/orders' && req.method === 'GET') {
        // TODO: pagination. This returns everything, oldest first.
        return sendJson(res, 200, { data: store.list() });
      }

      const match = /^\/orders\/([^/]+)$/.exec(url.pathname);
      if (match && req.method === 'GET') {
        const order = store.get(decodeURIComponent(match[1]));
        if (!order) return sendJson(res, 404, { error: 'not_found' });
        return sendJson(res, 200, order);
      }

      return sendJson(res, 404, { error: 'not_found' });
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.code, ...err.extra }, err.headers);
      console.error(err);
      return sendJson(res, 500, { error: 'internal' });
    }
  });
}
