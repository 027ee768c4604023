/**
 * The SQL worker, as CommonJS source for `new Worker(source, { eval: true })`. It is a string so the
 * same worker runs under tsx, vitest and the bundled app without a separate build entry; keep it
 * small and plain JavaScript. It uses no `require` or `import` of its own: an eval'd worker runs
 * as CommonJS or as an ES module depending on the parent's flags (`--input-type`), so it reaches
 * Node through `process.getBuiltinModule` and loads sql.js with a `createRequire` of its own.
 * The runner (sqlRunner.ts) owns its lifecycle and time limits.
 *
 * Protocol: workerData {sqlJsPath, wasmBinary, cacheLimit}. The worker posts {ready: true} once
 * sql.js is loaded. Request {id, datasetSql, query, maxRows, plan?} (plan: also return the query's
 * EXPLAIN QUERY PLAN details); replies {id, phase: 'query'} when the
 * dataset is loaded and the query starts, then {id, result, recycle} or {id, fatal}. `recycle`
 * asks the runner to replace this worker: after running out of memory its wasm memory stays grown.
 */
export const SQL_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { createRequire } = process.getBuiltinModule('node:module');
const initSqlJs = createRequire(workerData.sqlJsPath)(workerData.sqlJsPath);
let recycle = false;

// Dataset text -> exported database image, least recently used first.
const images = new Map();

function messageOf(error) {
  if (error instanceof WebAssembly.RuntimeError) recycle = true;
  const message = error instanceof Error ? error.message : String(error);
  if (message !== 'out of memory') return message;
  recycle = true;
  return 'out of memory (the limit is ' + Math.round(workerData.heapLimit / 2 ** 20) + ' MB)';
}

function cell(value) {
  return value instanceof Uint8Array ? "x'" + Buffer.from(value).toString('hex') + "'" : value;
}

function imageFor(SQL, datasetSql) {
  const cached = images.get(datasetSql);
  if (cached) {
    images.delete(datasetSql);
    images.set(datasetSql, cached);
    return cached;
  }
  const db = new SQL.Database();
  try {
    db.run(datasetSql);
    const bytes = db.export();
    images.set(datasetSql, bytes);
    while (images.size > workerData.cacheLimit) images.delete(images.keys().next().value);
    return bytes;
  } finally {
    db.close();
  }
}

// SQLite's own verdict: a statement that opens a write transaction (or a table for writing)
// changes the database, whatever its first keyword (WITH ... DELETE).
function writes(db, query) {
  const plan = db.prepare('EXPLAIN ' + query);
  try {
    while (plan.step()) {
      const op = plan.get();
      if ((op[1] === 'Transaction' && op[3] !== 0) || op[1] === 'OpenWrite') return true;
    }
    return false;
  } finally {
    plan.free();
  }
}

// EXPLAIN QUERY PLAN's detail lines ("SEARCH orders USING INDEX idx_orders_customer (customer_id=?)",
// "SCAN orders"), in plan order: what plan checks of sql keys look at.
function queryPlan(db, query) {
  const stmt = db.prepare('EXPLAIN QUERY PLAN ' + query);
  try {
    const lines = [];
    while (stmt.step()) lines.push(String(stmt.getAsObject().detail));
    return lines;
  } finally {
    stmt.free();
  }
}

function run(SQL, request) {
  let bytes;
  try {
    bytes = imageFor(SQL, request.datasetSql);
  } catch (error) {
    return { ok: false, kind: 'dataset', error: messageOf(error) };
  }
  parentPort.postMessage({ id: request.id, phase: 'query' });
  const db = new SQL.Database(bytes);
  try {
    // Sorts and temporary tables stay in SQLite's heap, which is capped: a runaway query fails
    // with "out of memory" instead of filling the machine's memory (temp files would not count).
    db.run('PRAGMA temp_store = MEMORY; PRAGMA hard_heap_limit = ' + workerData.heapLimit);
    let stmt;
    let plan;
    try {
      if (writes(db, request.query)) {
        return { ok: false, kind: 'rejected', error: 'only reading queries are allowed: this one would change the database' };
      }
      // prepare() compiles the first statement only; the runner has already refused several.
      stmt = db.prepare(request.query);
      if (request.plan) plan = queryPlan(db, request.query);
    } catch (error) {
      return { ok: false, kind: 'query', error: messageOf(error) };
    }
    try {
      const columns = stmt.getColumnNames();
      const rows = [];
      let truncated = false;
      while (stmt.step()) {
        if (rows.length >= request.maxRows) {
          truncated = true;
          break;
        }
        rows.push(stmt.get().map(cell));
      }
      return plan ? { ok: true, columns, rows, truncated, plan } : { ok: true, columns, rows, truncated };
    } catch (error) {
      return { ok: false, kind: 'query', error: messageOf(error) };
    } finally {
      stmt.free();
    }
  } finally {
    db.close();
  }
}

initSqlJs({ wasmBinary: workerData.wasmBinary }).then((SQL) => {
  parentPort.on('message', (request) => {
    try {
      recycle = false;
      const result = run(SQL, request);
      parentPort.postMessage({ id: request.id, result, recycle });
    } catch (error) {
      parentPort.postMessage({ id: request.id, fatal: messageOf(error) });
    }
  });
  parentPort.postMessage({ ready: true });
}, (error) => {
  throw new Error('sql.js failed to load: ' + messageOf(error));
});
`;
