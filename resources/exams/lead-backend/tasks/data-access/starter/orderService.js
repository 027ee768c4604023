// Read side of the shop: customer lookup, catalogue search and order history.
// See README.md for the contract.
import { InvalidArgumentError } from './errors.js';

export function createOrderService(db) {
  return {
    /** The customer with this email (case and surrounding spaces ignored), or null. */
    findCustomerByEmail(email) {
      if (typeof email !== 'string') throw new InvalidArgumentError('email must be a string');
      const rows = db.query("SELECT id, email, name FROM customers WHERE email = '" + email.trim().toLowerCase() + "'");
      return rows[0] ?? null;
    },

    /** Products in `category` whose name contains `text`, sorted by `sort`, at most `limit`. */
    searchProducts({ category, text = '', sort = 'name', limit = 20 }) {
      let sql = "SELECT id, sku, name, price_cents FROM products WHERE category = '" + category + "'";
      if (text) sql += " AND name LIKE '%" + text + "%'";
      const orderBy = sort === 'price_asc' ? 'price_cents' : sort === 'price_desc' ? 'price_cents DESC' : sort;
      sql += ' ORDER BY ' + orderBy + ', id LIMIT ' + limit;
      return db.query(sql).map((p) => ({ id: p.id, sku: p.sku, name: p.name, priceCents: p.price_cents }));
    },

    /** A customer's orders, newest first, each with its items and their product names. */
    getOrderHistory(customerId) {
      const orders = db.query('SELECT id, status, created_at FROM orders WHERE customer_id = ' + customerId + ' ORDER BY created_at DESC, id DESC');
      return orders.map((order) => {
        const items = db.query('SELECT id, product_id, quantity, unit_price_cents FROM order_items WHERE order_id = ' + order.id + ' ORDER BY id');
        return {
          id: order.id,
          status: order.status,
          createdAt: order.created_at,
          items: items.map((item) => {
            const [product] = db.query('SELECT id, sku, name FROM products WHERE id = ' + item.product_id);
            return {
              productId: item.product_id,
              sku: product.sku,
              name: product.name,
              quantity: item.quantity,
              unitPriceCents: item.unit_price_cents,
            };
          }),
        };
      });
    },
  };
}
