/**
 * Generates resources/exams/lead-backend/data/shop.sql: the shop dataset the lead-backend exam's
 * SQL items run on (SQLite dialect). Deterministic: a seeded PRNG and no clock, so the committed
 * file can be checked against a fresh run.
 *
 *   npx tsx scripts/gen-lead-dataset.ts          write the file
 *   npx tsx scripts/gen-lead-dataset.ts --check  exit 1 when the committed file is stale
 *
 * The exam's prompts name facts this generator plants on purpose (the duplicate accounts and
 * customer 137's March events); change them together.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEFAULT_SEED = 20_261_101;
export const DATASET_PATH = 'resources/exams/lead-backend/data/shop.sql';
/** The practice form's dataset: the same generator with its own seed, so its answers differ. */
export const PRACTICE_SEED = 20_261_202;
export const PRACTICE_DATASET_PATH = 'resources/exams/lead-backend-practice/data/shop.sql';

/** The customer whose events the index item asks about; the generator plants rows for it. */
export const INDEX_ITEM_CUSTOMER = 137;

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same stream. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Rng {
  next: () => number;
  int: (min: number, max: number) => number;
  pick: <T>(items: readonly T[]) => T;
  weighted: <T>(items: ReadonlyArray<readonly [T, number]>) => T;
}

function rngHelpers(next: () => number): Rng {
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  const weighted = <T>(items: ReadonlyArray<readonly [T, number]>): T => {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  };
  return { next, int, pick, weighted };
}

const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Anna', 'Bruno', 'Camille', 'Chen', 'Clara', 'Daniel', 'Elena', 'Emil', 'Fatima', 'Felix', 'Grace',
  'Hannah', 'Hugo', 'Ines', 'Ivan', 'Jakob', 'Jana', 'Kenji', 'Lara', 'Leon', 'Lucia', 'Marek', 'Maria', 'Mateo', 'Mia',
  'Nadia', 'Noah', 'Olga', 'Omar', 'Paula', 'Pieter', 'Priya', 'Rafael', 'Sara', 'Sofia', 'Tomas', 'Yara', 'Zofia', 'Liam',
] as const;
const LAST_NAMES = [
  'Andersen', 'Bakker', 'Costa', 'Dubois', 'Eriksson', 'Fischer', 'Garcia', 'Horvat', 'Ivanova', 'Jansen', 'Kowalski',
  'Lambert', 'Moreau', 'Novak', "O'Neill", 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Silva', 'Tanaka', 'Urbano', 'Visser',
  'Weber', 'Yilmaz', 'Zielinski', 'Murphy', 'Nowak', 'Keller', 'Lindqvist',
] as const;
const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['DE', 22], ['FR', 16], ['GB', 14], ['NL', 9], ['ES', 9], ['IT', 8], ['PL', 7], ['SE', 5], ['IE', 4], ['AT', 3], ['PT', 2], ['FI', 1],
];
const EMAIL_DOMAINS = ['example.com', 'mail.example.org', 'post.example.net', 'inbox.example.eu'] as const;

const CATALOG: Record<string, ReadonlyArray<readonly [string, number]>> = {
  audio: [
    ['Wireless Earbuds', 7_999], ['Over-Ear Headphones', 14_999], ['Bluetooth Speaker', 5_999], ['Soundbar', 24_999],
    ['USB Microphone', 8_999], ['Turntable', 19_999], ['Portable DAC', 11_999], ['Studio Monitors (pair)', 29_999],
  ],
  computing: [
    ['Mechanical Keyboard', 10_999], ['Ergonomic Mouse', 4_999], ['27" Monitor', 27_999], ['USB-C Dock', 15_999],
    ['1TB NVMe SSD', 8_999], ['Webcam 1080p', 6_999], ['Laptop Stand', 3_999], ['Wi-Fi 6 Router', 12_999], ['External HDD 4TB', 10_999],
  ],
  kitchen: [
    ['Chef Knife', 6_999], ['Cast Iron Skillet', 4_499], ['Espresso Machine', 39_999], ['Burr Grinder', 12_999],
    ['Digital Scale', 1_999], ['Dutch Oven', 8_999], ['Kettle', 3_499], ['Blender', 7_999],
  ],
  outdoor: [
    ['Trail Running Shoes', 12_999], ['Rain Jacket', 14_999], ['Daypack 25L', 7_999], ['Headlamp', 2_999],
    ['Trekking Poles', 5_999], ['Sleeping Bag', 17_999], ['Water Filter', 3_999], ['Camping Stove', 6_499],
  ],
  books: [
    ['Designing Data-Intensive Applications', 4_499], ['Release It!', 3_899], ['The Pragmatic Programmer', 3_999],
    ['Site Reliability Engineering', 4_299], ['Refactoring', 4_199], ['Database Internals', 4_599], ['Team Topologies', 2_999],
  ],
  home: [
    ['LED Desk Lamp', 4_999], ['Air Purifier', 19_999], ['Smart Plug (4-pack)', 3_999], ['Robot Vacuum', 29_999],
    ['Throw Blanket', 3_499], ['Wall Clock', 2_499], ['Plant Pot Set', 2_999],
  ],
};

/** Product ids per category, as generateShopSql assigns them (catalogue order, then new arrivals). */
const PRODUCT_CATEGORY_IDS: Map<string, number[]> = (() => {
  const m = new Map<string, number[]>();
  let id = 0;
  for (const [category, list] of Object.entries(CATALOG)) m.set(category, list.map(() => (id += 1)));
  return m;
})();

const NEW_ARRIVALS: ReadonlyArray<readonly [string, string, number]> = [
  ['kitchen', 'Pour-Over Kettle', 5_499],
  ['outdoor', 'Ultralight Tarp', 8_999],
  ['books', 'Observability Engineering', 4_399],
];

/** The category whose 3rd and 4th best sellers of 2025 are made to tie (the top-N item's tie rule). */
export const TIE_CATEGORY = 'computing';

const ORDER_STATUSES: ReadonlyArray<readonly [string, number]> = [
  ['paid', 52], ['shipped', 28], ['pending', 8], ['cancelled', 8], ['refunded', 4],
];
const EVENT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['page_view', 45], ['product_view', 30], ['add_to_cart', 14], ['checkout_started', 7], ['order_placed', 4],
];

const CUSTOMER_COUNT = 420;
const ORDER_COUNT = 1_500;
const EVENT_COUNT = 2_600;

const MS_PER_DAY = 86_400_000;
const T_CUSTOMERS_FROM = Date.UTC(2024, 0, 1);
const T_CUSTOMERS_TO = Date.UTC(2025, 5, 30);
const T_ORDERS_TO = Date.UTC(2025, 11, 31, 23, 59, 59);
const T_EVENTS_FROM = Date.UTC(2025, 0, 1);
const T_EVENTS_TO = Date.UTC(2025, 5, 30, 23, 59, 59);

/** SQLite text timestamps, UTC: 'YYYY-MM-DD HH:MM:SS' sorts and compares correctly as text. */
function ts(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function sqlText(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

type Value = string | number | null;

function inserts(table: string, columns: readonly string[], rows: ReadonlyArray<readonly Value[]>): string {
  const out: string[] = [];
  const BATCH = 250;
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows
      .slice(i, i + BATCH)
      .map((r) => `(${r.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlText(v))).join(',')})`)
      .join(',\n');
    out.push(`INSERT INTO ${table} (${columns.join(', ')}) VALUES\n${values};`);
  }
  return out.join('\n');
}

interface Customer {
  id: number;
  email: string;
  name: string;
  country: string;
  createdAt: number;
}

const SCHEMA = `-- Shop dataset for the "Lead Back-End Engineer" exam (SQLite dialect).
-- Generated by scripts/gen-lead-dataset.ts; do not edit by hand.
-- Timestamps are UTC text 'YYYY-MM-DD HH:MM:SS'. Money is integer cents (EUR).
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,            -- as typed at sign-up: not normalised, not unique
  name TEXT NOT NULL,
  country TEXT NOT NULL,          -- ISO 3166-1 alpha-2
  created_at TEXT NOT NULL
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  price_cents INTEGER NOT NULL    -- current list price
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled', 'refunded')),
  created_at TEXT NOT NULL
);
CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL  -- price paid, which may differ from today's list price
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  type TEXT NOT NULL,             -- page_view, product_view, add_to_cart, checkout_started, order_placed
  product_id INTEGER REFERENCES products(id),  -- NULL for page_view
  occurred_at TEXT NOT NULL
);
CREATE INDEX idx_orders_customer ON orders (customer_id);
CREATE INDEX idx_order_items_order ON order_items (order_id);
CREATE INDEX idx_events_customer_type_time ON events (customer_id, type, occurred_at);
`;

function emailFor(first: string, last: string, n: number, rng: Rng): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  const suffix = n > 0 ? String(n) : '';
  return `${local}${suffix}@${rng.pick(EMAIL_DOMAINS)}`;
}

/** A second sign-up with the same address, typed differently (or, now and then, exactly the same). */
function retyped(email: string, variant: number): string {
  const [local = '', domain = ''] = email.split('@');
  switch (variant % 5) {
    case 0:
      return email.toUpperCase();
    case 1:
      return ` ${email}`;
    case 2:
      return `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain} `;
    case 3:
      return email;
    default:
      return `${local}@${domain.toUpperCase()}`;
  }
}

const isSale2025 = (o: { status: string; createdAt: number }): boolean =>
  (o.status === 'paid' || o.status === 'shipped') && o.createdAt >= Date.UTC(2025, 0, 1) && o.createdAt < Date.UTC(2026, 0, 1);

/**
 * Makes the 3rd and 4th best sellers of TIE_CATEGORY in 2025 tie on units, by adding one-unit
 * lines for the 4th to 2025 sales that do not have it yet, so "ties go to the lower id" decides.
 */
function plantTie(orders: ReadonlyArray<{ id: number; status: string; createdAt: number }>, items: Array<readonly Value[]>): void {
  const sales = new Set(orders.filter(isSale2025).map((o) => o.id));
  const inCategory = new Set(PRODUCT_CATEGORY_IDS.get(TIE_CATEGORY));
  const units = new Map<number, number>();
  for (const [, orderId, productId, quantity] of items as Array<[number, number, number, number, number]>) {
    if (sales.has(orderId) && inCategory.has(productId)) units.set(productId, (units.get(productId) ?? 0) + quantity);
  }
  const ranked = [...units.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const third = ranked[2];
  const fourth = ranked[3];
  if (!third || !fourth) throw new Error(`${TIE_CATEGORY} has fewer than four products sold in 2025`);
  let missing = third[1] - fourth[1];
  const has = new Set(items.filter((r) => r[2] === fourth[0]).map((r) => r[1]));
  for (const o of orders) {
    if (missing === 0) break;
    if (!sales.has(o.id) || has.has(o.id)) continue;
    const price = items.find((r) => r[2] === fourth[0])?.[4] ?? 999;
    items.push([items.length + 1, o.id, fourth[0], 1, price]);
    missing -= 1;
  }
  if (missing !== 0) throw new Error('could not plant the tie');
}

export function generateShopSql(seed: number = DEFAULT_SEED): string {
  const rng = rngHelpers(createRng(seed));

  // Products.
  const products: Array<{ id: number; sku: string; name: string; category: string; price: number }> = [];
  for (const [category, list] of Object.entries(CATALOG)) {
    list.forEach(([name, price], i) => {
      const id = products.length + 1;
      products.push({ id, sku: `${category.slice(0, 3).toUpperCase()}-${String(1001 + i)}`, name, category, price });
    });
  }
  // Popularity: a few products sell far more than the rest, as in any catalogue.
  const productWeights = products.map((p) => [p, 1 + Math.floor(rng.next() ** 3 * 12)] as const);
  // New arrivals, added after the weights: no order and no event names them, so the NULL item
  // (products that appear in no event, where events.product_id is NULL for page views) has rows.
  for (const [category, name, price] of NEW_ARRIVALS) {
    const id = products.length + 1;
    products.push({ id, sku: `${category.slice(0, 3).toUpperCase()}-${String(1901 + id)}`, name, category, price });
  }

  // Customers, with unique emails first.
  const customers: Customer[] = [];
  const usedEmails = new Map<string, number>();
  for (let id = 1; id <= CUSTOMER_COUNT; id += 1) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${first}.${last}`.toLowerCase();
    const n = usedEmails.get(base) ?? 0;
    usedEmails.set(base, n + 1);
    customers.push({
      id,
      email: emailFor(first, last, n, rng),
      name: `${first} ${last}`,
      country: rng.weighted(COUNTRIES),
      createdAt: rng.int(T_CUSTOMERS_FROM, T_CUSTOMERS_TO),
    });
  }
  // Plant duplicate accounts: 14 addresses signed up twice, two of them three times. Ids keep
  // growing, so the later account always has the larger id and a later created_at.
  const duplicated = new Set<number>();
  let variant = 0;
  while (duplicated.size < 14) {
    const original = customers[rng.int(0, CUSTOMER_COUNT - 1)];
    if (!original || duplicated.has(original.id)) continue;
    duplicated.add(original.id);
    const copies = duplicated.size <= 2 ? 2 : 1;
    for (let c = 0; c < copies; c += 1) {
      customers.push({
        id: customers.length + 1,
        email: retyped(original.email, variant++),
        name: original.name,
        country: original.country,
        createdAt: Math.min(T_CUSTOMERS_TO + 90 * MS_PER_DAY, original.createdAt + rng.int(1, 200) * MS_PER_DAY),
      });
    }
  }

  // Orders: a heavy-tailed number per customer, so HAVING thresholds separate customers.
  const customerWeights = customers.map((c) => [c, rng.next() < 0.15 ? 8 : rng.next() < 0.5 ? 2 : 1] as const);
  const orders: Array<{ id: number; customerId: number; status: string; createdAt: number }> = [];
  for (let i = 0; i < ORDER_COUNT; i += 1) {
    const customer = rng.weighted(customerWeights);
    orders.push({
      id: 0,
      customerId: customer.id,
      status: rng.weighted(ORDER_STATUSES),
      createdAt: rng.int(customer.createdAt, Math.max(customer.createdAt + MS_PER_DAY, T_ORDERS_TO)),
    });
  }
  // Ids follow creation time, as an auto-increment key would.
  orders.sort((a, b) => a.createdAt - b.createdAt);
  orders.forEach((o, i) => {
    o.id = i + 1;
  });

  const items: Array<readonly Value[]> = [];
  for (const order of orders) {
    const lines = rng.weighted([
      [1, 45], [2, 30], [3, 15], [4, 10],
    ] as const);
    const chosen = new Set<number>();
    for (let l = 0; l < lines; l += 1) {
      const product = rng.weighted(productWeights);
      if (chosen.has(product.id)) continue;
      chosen.add(product.id);
      const quantity = rng.weighted([
        [1, 70], [2, 20], [3, 7], [5, 3],
      ] as const);
      // Prices moved: 2024 sales were about 8% cheaper, and some lines had a 10% discount.
      const yearFactor = order.createdAt < Date.UTC(2025, 0, 1) ? 0.92 : 1;
      const discount = rng.next() < 0.12 ? 0.9 : 1;
      const unitPrice = Math.round((product.price * yearFactor * discount) / 10) * 10 - 1;
      items.push([items.length + 1, order.id, product.id, quantity, unitPrice]);
    }
  }

  plantTie(orders, items);

  // Events: browsing activity in the first half of 2025.
  const eventRows: Array<{ customerId: number; type: string; productId: number | null; at: number }> = [];
  for (let i = 0; i < EVENT_COUNT; i += 1) {
    const customer = rng.weighted(customerWeights);
    const type = rng.weighted(EVENT_TYPES);
    eventRows.push({
      customerId: customer.id,
      type,
      productId: type === 'page_view' ? null : rng.weighted(productWeights).id,
      at: rng.int(T_EVENTS_FROM, T_EVENTS_TO),
    });
  }
  // The index item's customer: a burst of add_to_cart events around March 2025, including the
  // month's edges, so a query comparing dates loosely gets a different answer.
  const planted: Array<[string, number]> = [
    ['add_to_cart', Date.UTC(2025, 1, 28, 23, 59, 58)],
    ['add_to_cart', Date.UTC(2025, 2, 1, 0, 0, 0)],
    ['add_to_cart', Date.UTC(2025, 2, 9, 18, 4, 11)],
    ['product_view', Date.UTC(2025, 2, 9, 18, 2, 40)],
    ['add_to_cart', Date.UTC(2025, 2, 17, 7, 45, 3)],
    ['add_to_cart', Date.UTC(2025, 2, 31, 23, 59, 59)],
    ['add_to_cart', Date.UTC(2025, 3, 1, 0, 0, 0)],
    ['checkout_started', Date.UTC(2025, 2, 17, 7, 49, 30)],
  ];
  for (const [type, at] of planted) {
    eventRows.push({ customerId: INDEX_ITEM_CUSTOMER, type, productId: rng.weighted(productWeights).id, at });
  }
  eventRows.sort((a, b) => a.at - b.at);

  const parts = [
    SCHEMA,
    inserts(
      'products',
      ['id', 'sku', 'name', 'category', 'price_cents'],
      products.map((p) => [p.id, p.sku, p.name, p.category, p.price]),
    ),
    inserts(
      'customers',
      ['id', 'email', 'name', 'country', 'created_at'],
      customers.map((c) => [c.id, c.email, c.name, c.country, ts(c.createdAt)]),
    ),
    inserts(
      'orders',
      ['id', 'customer_id', 'status', 'created_at'],
      orders.map((o) => [o.id, o.customerId, o.status, ts(o.createdAt)]),
    ),
    inserts('order_items', ['id', 'order_id', 'product_id', 'quantity', 'unit_price_cents'], items),
    inserts(
      'events',
      ['id', 'customer_id', 'type', 'product_id', 'occurred_at'],
      eventRows.map((e, i) => [i + 1, e.customerId, e.type, e.productId, ts(e.at)]),
    ),
  ];
  return `${parts.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  let stale = 0;
  for (const [file, seed] of [[DATASET_PATH, DEFAULT_SEED], [PRACTICE_DATASET_PATH, PRACTICE_SEED]] as const) {
    const target = path.join(root, file);
    const sql = generateShopSql(seed);
    if (argv.includes('--check')) {
      if ((await readFile(target, 'utf8')) === sql) continue;
      process.stderr.write(`${file} is stale: run npx tsx scripts/gen-lead-dataset.ts\n`);
      stale += 1;
      continue;
    }
    await writeFile(target, sql);
    process.stdout.write(`wrote ${file} (${Buffer.byteLength(sql)} bytes)\n`);
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
