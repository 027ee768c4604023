// Hidden suite for the practice task stock-reservation. Each test uses its own skus.
import { check, checkEqual, gate, request, run, startProgram, test, upstream } from './lib.mjs';

const okEntry = () => ({ status: 201, body: { ok: true } });
const ledger = await upstream(okEntry);
const app = await startProgram({ LEDGER_URL: ledger.url });

let seq = 0;
const newKey = () => `k-${process.pid}-${++seq}`;
const setStock = (sku, quantity) => request('PUT', `${app.base}/stock/${sku}`, { body: { quantity } });
const available = async (sku) => (await request('GET', `${app.base}/stock/${sku}`)).json?.available;
const reserve = (sku, quantity, key = newKey()) => request('POST', `${app.base}/reservations`, { headers: { 'idempotency-key': key }, body: { sku, quantity } });

test('stock: set and read back, unknown sku is 404', async () => {
  checkEqual((await setStock('s1', 7)).status, 200, 'PUT status');
  checkEqual(await available('s1'), 7, 'available');
  checkEqual((await request('GET', `${app.base}/stock/never-set`)).status, 404, 'unknown sku');
  checkEqual((await setStock('s1', -1)).status, 400, 'negative stock');
});

test('reserve: 201 takes the units and records them in the ledger', async () => {
  await setStock('s2', 5);
  const key = newKey();
  const res = await reserve('s2', 3, key);
  checkEqual(res.status, 201, 'status');
  checkEqual(res.json?.quantity, 3, 'quantity');
  checkEqual(await available('s2'), 2, 'available after');
  const entry = ledger.calls.find((c) => c.body?.key === key);
  check(entry?.url === '/entries', 'one ledger entry with the key');
  checkEqual(entry.body, { key, sku: 's2', quantity: 3 }, 'ledger entry');
});

test('reserve: not enough stock is 409 and takes nothing', async () => {
  await setStock('s3', 2);
  checkEqual((await reserve('s3', 3)).status, 409, 'status');
  checkEqual(await available('s3'), 2, 'available after');
});

test('reserve: invalid requests are 400, unknown skus 404', async () => {
  await setStock('s4', 5);
  for (const body of [{ sku: 's4', quantity: 0 }, { sku: 's4', quantity: -2 }, { sku: 's4', quantity: 1.5 }, { sku: 's4' }, { quantity: 1 }]) {
    const res = await request('POST', `${app.base}/reservations`, { headers: { 'idempotency-key': newKey() }, body });
    checkEqual(res.status, 400, `status for ${JSON.stringify(body)}`);
  }
  checkEqual((await request('POST', `${app.base}/reservations`, { body: { sku: 's4', quantity: 1 } })).status, 400, 'missing key');
  checkEqual((await reserve('nope', 1)).status, 404, 'unknown sku');
  checkEqual(await available('s4'), 5, 'available after');
});

test('idempotency: a replay returns the same reservation and takes nothing more', async () => {
  await setStock('s5', 5);
  const key = newKey();
  const first = await reserve('s5', 2, key);
  const again = await reserve('s5', 2, key);
  checkEqual(again.status, 201, 'replay status');
  checkEqual(again.json, first.json, 'replay body');
  checkEqual(await available('s5'), 3, 'available after');
});

test('concurrency: the last unit is never sold twice while the ledger is slow', async () => {
  // The ledger holds the first entry, so a service that checks stock, awaits the ledger and only
  // then takes the units lets the second reservation through every time.
  await setStock('s6', 1);
  const hold = gate();
  ledger.setHandler(async (call) => {
    if (call.body?.sku === 's6') await hold.promise;
    return okEntry();
  });
  try {
    const seen = ledger.calls.length;
    const first = reserve('s6', 1);
    await ledger.waitForCalls(seen + 1);
    const second = await Promise.race([reserve('s6', 1), ledger.waitForCalls(seen + 2).then(() => 'second ledger call')]);
    hold.open();
    const firstRes = await first;
    if (second === 'second ledger call') throw new Error('the second reservation reached the ledger: the last unit was sold twice');
    checkEqual(second.status, 409, 'second reservation');
    checkEqual(firstRes.status, 201, 'first reservation');
    checkEqual(await available('s6'), 0, 'available after');
  } finally {
    hold.open();
    ledger.setHandler(okEntry);
  }
});

test('ledger failure: 502, and the units are given back', async () => {
  await setStock('s7', 4);
  ledger.setHandler(() => ({ status: 500, body: { error: 'down' } }));
  let res;
  try {
    res = await reserve('s7', 3);
  } finally {
    ledger.setHandler(okEntry);
  }
  checkEqual(res.status, 502, 'status');
  checkEqual(await available('s7'), 4, 'available after a failed ledger call');
});

await run({
  after: async () => {
    app.stop();
    await ledger.close();
  },
});
