// Orders API: reference solution. See README.md for the contract.
import http from 'node:http';
import { HttpError, readBody, sendJson } from './http.js';
import { createOrderStore } from './store.js';

const CURRENCIES = new Set(['EUR', 'USD', 'GBP']);
const MAX_IDEMPOTENCY_KEY = 255;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * Creates the HTTP server (not listening yet: call `.listen(port)`).
 * `store` and `now` can be replaced in tests.
 */
export function createServer({ store = createOrderStore(), now = () => new Date() } = {}) {
  // Idempotency-Key -> the creation it made. A real service keeps this in the database, written
  // in the same transaction as the order, with an expiry (typically 24 h).
  const creations = new Map();

  async function createOrder(req) {
    if (!isJson(req.headers['content-type'])) throw new HttpError(415, 'unsupported_media_type');
    const key = req.headers['idempotency-key'];
    if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
      throw validationError({ 'Idempotency-Key': `must be 1 to ${MAX_IDEMPOTENCY_KEY} characters` });
    }
    const text = await readBody(req);
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid_json');
    }

    // Nothing below awaits, so two concurrent requests with one key cannot both get past here.
    const fingerprint = canonicalJson(body);
    if (key !== undefined) {
      const earlier = creations.get(key);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) throw new HttpError(422, 'idempotency_key_reused');
        return { ...earlier.response, headers: { ...earlier.response.headers, 'idempotent-replayed': 'true' } };
      }
    }

    const fields = validateOrder(body);
    if (Object.keys(fields).length > 0) throw validationError(fields);
    const order = store.insert({
      customerId: body.customerId,
      currency: body.currency,
      items: body.items.map(({ sku, quantity }) => ({ sku, quantity })),
      status: 'pending',
      createdAt: now().toISOString(),
    });
    const response = { status: 201, headers: { location: `/orders/${encodeURIComponent(order.id)}` }, body: order };
    if (key !== undefined) creations.set(key, { fingerprint, response });
    return response;
  }

  function listOrders(url) {
    const fields = {};
    const limit = parseLimit(url.searchParams.get('limit'));
    if (limit === null) fields.limit = `must be an integer from 1 to ${MAX_LIMIT}`;
    const rawCursor = url.searchParams.get('cursor');
    const before = rawCursor === null ? null : decodeCursor(rawCursor);
    if (before === undefined) fields.cursor = 'is not a cursor this server issued';
    if (Object.keys(fields).length > 0) throw validationError(fields);

    // Keyset pagination on the k-sortable id: newest first, strictly older than the cursor.
    const older = store
      .list()
      .filter((o) => before === null || o.id < before)
      .reverse();
    const data = older.slice(0, limit);
    const last = data[data.length - 1];
    const nextCursor = older.length > limit && last ? encodeCursor(last.id) : null;
    return { status: 200, body: { data, nextCursor } };
  }

  function getOrder(id) {
    const order = store.get(id);
    if (!order) throw new HttpError(404, 'not_found');
    return { status: 200, body: order };
  }

  async function route(req, url) {
    if (url.pathname === '/orders') {
      if (req.method === 'GET') return listOrders(url);
      if (req.method === 'POST') return createOrder(req);
      throw new HttpError(405, 'method_not_allowed', {}, { allow: 'GET, POST' });
    }
    const match = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (match) {
      if (req.method === 'GET') return getOrder(decodeURIComponent(match[1]));
      throw new HttpError(405, 'method_not_allowed', {}, { allow: 'GET' });
    }
    throw new HttpError(404, 'not_found');
  }

  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      const { status, headers = {}, body } = await route(req, url);
      sendJson(res, status, body, headers);
    } catch (err) {
      if (err instanceof HttpError) return sendJson(res, err.status, { error: err.code, ...err.extra }, err.headers);
      console.error(err);
      return sendJson(res, 500, { error: 'internal' });
    }
  });
}

function isJson(contentType) {
  if (typeof contentType !== 'string') return false;
  return contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

function validationError(fields) {
  return new HttpError(400, 'validation_failed', { fields });
}

function isString(value, max) {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}

/** Every problem with the body, keyed by field path. */
function validateOrder(body) {
  const fields = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { body: 'must be a JSON object' };
  if (!isString(body.customerId, 64)) fields.customerId = 'must be a string of 1 to 64 characters';
  if (!CURRENCIES.has(body.currency)) fields.currency = `must be one of ${[...CURRENCIES].join(', ')}`;
  if (!Array.isArray(body.items) || body.items.length < 1 || body.items.length > 50) {
    fields.items = 'must be an array of 1 to 50 items';
  } else {
    body.items.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        fields[`items[${i}]`] = 'must be an object';
        return;
      }
      if (!isString(item.sku, 64)) fields[`items[${i}].sku`] = 'must be a string of 1 to 64 characters';
      if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 1000) {
        fields[`items[${i}].quantity`] = 'must be an integer from 1 to 1000';
      }
    });
  }
  return fields;
}

/** null when invalid. */
function parseLimit(raw) {
  if (raw === null) return DEFAULT_LIMIT;
  if (!/^\d{1,3}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= MAX_LIMIT ? n : null;
}

// The cursor is versioned and base64url-encoded so clients treat it as opaque and the format can
// change later; it is not a secret (sign it if positions must not be forged).
function encodeCursor(lastId) {
  return Buffer.from(JSON.stringify({ v: 1, before: lastId })).toString('base64url');
}

/** The id the page starts before, or undefined when the cursor is not one we issued. */
function decodeCursor(raw) {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (value?.v === 1 && typeof value.before === 'string' && /^ord_[0-9a-z]{8}$/.test(value.before)) return value.before;
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
}

/** JSON with object keys sorted, so equal values give equal text whatever the key order. */
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
