// A small data set for the visible tests.

export function seed(db) {
  const customers = [
    [1, 'ada@example.com', 'Ada Lovelace'],
    [2, 'grace@example.com', 'Grace Hopper'],
    [3, "o'neill@example.com", "Siobhan O'Neill"],
    [4, 'linus@example.com', 'Linus Torvalds'],
  ];
  for (const [id, email, name] of customers) db.insert('customers', { id, email, name });

  const products = [
    [1, 'KIT-1', 'Chef Knife', 'kitchen', 6999],
    [2, 'KIT-2', 'Cast Iron Skillet', 'kitchen', 4499],
    [3, 'KIT-3', 'Burr Grinder', 'kitchen', 12999],
    [4, 'TEX-1', '100% Linen Napkins', 'textiles', 2499],
    [5, 'TEX-2', '1000-Thread Cotton Sheets', 'textiles', 8999],
    [6, 'TEX-3', 'Wool Throw', 'textiles', 5999],
  ];
  for (const [id, sku, name, category, price] of products) db.insert('products', { id, sku, name, category, price_cents: price });

  const orders = [
    [1, 1, 'paid', '2025-01-10 09:00:00'],
    [2, 1, 'shipped', '2025-02-03 12:30:00'],
    [3, 2, 'paid', '2025-02-04 08:15:00'],
    [4, 1, 'pending', '2025-03-01 17:45:00'],
  ];
  for (const [id, customer, status, at] of orders) db.insert('orders', { id, customer_id: customer, status, created_at: at });

  const items = [
    [1, 1, 1, 1, 6999],
    [2, 1, 4, 2, 2499],
    [3, 2, 2, 1, 4499],
    [4, 3, 3, 1, 12999],
    [5, 4, 1, 1, 6299],
    [6, 4, 6, 3, 5999],
  ];
  for (const [id, order, product, quantity, price] of items) {
    db.insert('order_items', { id, order_id: order, product_id: product, quantity, unit_price_cents: price });
  }
}
