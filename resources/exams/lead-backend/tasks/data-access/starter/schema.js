// The database schema. Runs once at start-up, before any data is loaded.

export function migrate(db) {
  db.createTable('customers', ['id', 'email', 'name']);
  db.createTable('products', ['id', 'sku', 'name', 'category', 'price_cents']);
  db.createTable('orders', ['id', 'customer_id', 'status', 'created_at']);
  db.createTable('order_items', ['id', 'order_id', 'product_id', 'quantity', 'unit_price_cents']);
}
