// Read side of the shop: customer lookup, catalogue search and order history.
// See README.md for the contract.
import { InvalidArgumentError } from './errors.js';

// ORDER BY cannot take a placeholder: map the public sort names to fixed SQL instead.
const SORTS = new Map([
  ['name', 'name, id'],
  ['price_asc', 'price_cents, id'],
  ['price_desc', 'price_cents DESC, id'],
]);

/** Escapes LIKE wildcards so `text` matches literally; pairs with ESCAPE '\'. */
function likeLiteral(text) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "?, ?, ?" for a non-empty list. */
function placeholders(values) {
  return values.map(() => '?').join(', ');
}

export function createOrderService(db) {
  return {
    findCustomerByEmail(email) {
      if (typeof email !== 'string') throw new InvalidArgumentError('email must be a string');
      const rows = db.query('SELECT id, email, name FROM customers WHERE email = ?', [email.trim().toLowerCase()]);
      return rows[0] ?? null;
    },

    searchProducts({ category, text = '', sort = 'name', limit = 20 } = {}) {
      if (typeof category !== 'string') throw new InvalidArgumentError('category must be a string');
      if (typeof text !== 'string') throw new InvalidArgumentError('text must be a string');
      const orderBy = SORTS.get(sort);
      if (orderBy === undefined) throw new InvalidArgumentError(`sort must be one of ${[...SORTS.keys()].join(', ')}`);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidArgumentError('limit must be an integer from 1 to 100');

      let sql = 'SELECT id, sku, name, price_cents FROM products WHERE category = ?';
      const params = [category];
      if (text) {
        sql += " AND name LIKE ? ESCAPE '\\'";
        params.push(`%${likeLiteral(text)}%`);
      }
      sql += ` ORDER BY ${orderBy} LIMIT ?`;
      params.push(limit);
      return db.query(sql, params).map((p) => ({ id: p.id, sku: p.sku, name: p.name, priceCents: p.price_cents }));
    },

    getOrderHistory(customerId) {
      if (!Number.isInteger(customerId) || customerId < 1) throw new InvalidArgumentError('customerId must be a positive integer');
      // Three queries whatever the size: orders, then all their items, then all their products.
      const orders = db.query('SELECT id, status, created_at FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC', [customerId]);
      if (orders.length === 0) return [];

      const orderIds = orders.map((o) => o.id);
      const items = db.query(
        `SELECT id, order_id, product_id, quantity, unit_price_cents FROM order_items WHERE order_id IN (${placeholders(orderIds)}) ORDER BY id`,
        orderIds,
      );
      const productIds = [...new Set(items.map((i) => i.product_id))];
      const products = productIds.length
        ? db.query(`SELECT id, sku, name FROM products WHERE id IN (${placeholders(productIds)})`, productIds)
        : [];
      const productById = new Map(products.map((p) => [p.id, p]));

      const itemsByOrder = new Map(orderIds.map((id) => [id, []]));
      for (const item of items) {
        const product = productById.get(item.product_id);
        itemsByOrder.get(item.order_id).push({
          productId: item.product_id,
          sku: product?.sku ?? null,
          name: product?.name ?? null,
          quantity: item.quantity,
          unitPriceCents: item.unit_price_cents,
        });
      }
      return orders.map((o) => ({ id: o.id, status: o.status, createdAt: o.created_at, items: itemsByOrder.get(o.id) }));
    },
  };
}
