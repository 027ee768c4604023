// The database schema. Runs once at start-up, before any data is loaded.

export function migrate(db) {
  db.createTable('customers', ['id', 'email', 'name']);
  db.createTable('products', ['id', 'sku', 'name', 'category', 'price_cents']);
  db.createTable('orders', ['id', 'customer_id', 'status', 'created_at']);
  db.createTable('order_items', ['id', 'order_id', 'product_id', 'quantity', 'unit_price_cents']);
  // Order history looks orders up by customer and items by order; products use their primary key.
  db.createIndex('orders', 'customer_id');
  db.createIndex('order_items', 'order_id');
  // Catalogue search filters by category first.
  db.createIndex('products', 'category');
}
