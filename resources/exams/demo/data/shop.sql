CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), total_cents INTEGER NOT NULL, created_at TEXT NOT NULL);
INSERT INTO customers (id, name, country) VALUES
  (1, 'Ada Lovelace', 'GB'), (2, 'Grace Hopper', 'US'), (3, 'Edsger Dijkstra', 'NL'), (4, 'Barbara Liskov', 'US');
INSERT INTO orders (id, customer_id, total_cents, created_at) VALUES
  (1, 1, 1200, '2026-01-03'), (2, 1, 800, '2026-01-09'), (3, 2, 4500, '2026-02-11'),
  (4, 3, 300, '2026-02-12'), (5, 3, 990, '2026-03-01'), (6, 3, 150, '2026-03-02'), (7, 4, 2000, '2026-03-05');
