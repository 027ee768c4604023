/**
 * The SQL worker, as CommonJS source for `new Worker(source, { eval: true })`. It is a string so the
 * same worker runs under tsx, vitest and the bundled app without a separate build entry; keep it
 * small and plain JavaScript. The runner (sqlRunner.ts) owns its lifecycle and time limits.
 *
 * Protocol: workerData {sqlJsPath, wasmBinary, cacheLimit}. The worker posts {ready: true} once
 * sql.js is loaded. Request {id, datasetSql, query, maxRows}; replies {id, phase: 'query'} when the
 * dataset is loaded and the query starts, then {id, result} or {id, fatal}.
 */
export const SQL_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const initSqlJs = require(workerData.sqlJsPath);

// Dataset text -> exported database image, least recently used first.
const images = new Map();

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
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
    let stmt;
    try {
      if (writes(db, request.query)) {
        return { ok: false, kind: 'rejected', error: 'only reading queries are allowed: this one would change the database' };
      }
      // prepare() compiles the first statement only; the runner has already refused several.
      stmt = db.prepare(request.query);
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
      return { ok: true, columns, rows, truncated };
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
      parentPort.postMessage({ id: request.id, result: run(SQL, request) });
    } catch (error) {
      parentPort.postMessage({ id: request.id, fatal: messageOf(error) });
    }
  });
  parentPort.postMessage({ ready: true });
}, (error) => {
  throw new Error('sql.js failed to load: ' + messageOf(error));
});
`;
