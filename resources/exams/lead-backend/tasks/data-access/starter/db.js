// A tiny in-memory SQL-like database, standing in for a real one in this exercise.
// Nothing in here needs to change for the task (see README.md for what it supports).
//
// Supported: one single-table SELECT per call.
//
//   SELECT * | col, col... FROM table
//     [WHERE expr] [ORDER BY col [ASC|DESC], ...] [LIMIT n | LIMIT ?]
//
//   expr: expr OR expr | expr AND expr | NOT expr | ( expr )
//         | a = b | a != b | a <> b | a < b | a <= b | a > b | a >= b
//         | a IN (b, c, ...) | a LIKE b [ESCAPE 'c'] | a IS [NOT] NULL
//   operands: column names, 'text' ('' inside is a quote), numbers, and ? placeholders.
//   -- starts a comment that runs to the end of the line.
//
// Values compare by type, as in a strongly typed database: the text '42' never equals 42.
// LIKE is case-insensitive for ASCII letters; % matches any run of characters, _ one character.
//
// Every query is counted in `stats.queries` and logged in `log` as { sql, params }. Every row the
// engine reads is counted in `stats.rowsScanned`: a WHERE that has no usable index reads the whole
// table. An index on a column (every table's primary key `id` has one) is used for `col = value`
// and `col IN (...)` conditions that are ANDed with the rest of the WHERE clause.

export class SqlError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SqlError';
  }
}

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ESCAPE', 'IS', 'NULL', 'ORDER', 'BY', 'ASC', 'DESC', 'LIMIT']);

function tokenize(sql) {
  const tokens = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i += 1;
    } else if (c === "'") {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= sql.length) throw new SqlError('unterminated string literal');
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += sql[i];
        i += 1;
      }
      tokens.push({ kind: 'string', value: text });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i));
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i));
      const upper = m[0].toUpperCase();
      tokens.push(KEYWORDS.has(upper) ? { kind: 'keyword', value: upper } : { kind: 'ident', value: m[0] });
      i += m[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      if (['!=', '<>', '<=', '>='].includes(two)) {
        tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two });
        i += 2;
      } else if ('=<>'.includes(c)) {
        tokens.push({ kind: 'op', value: c });
        i += 1;
      } else if ('(),*?;'.includes(c)) {
        tokens.push({ kind: 'punct', value: c });
        i += 1;
      } else {
        throw new SqlError(`unexpected character ${JSON.stringify(c)}`);
      }
    }
  }
  return tokens;
}

function parse(sql) {
  const tokens = tokenize(sql);
  let pos = 0;
  let placeholders = 0;
  const peek = () => tokens[pos];
  const describe = (t) => (t ? `${t.kind} ${JSON.stringify(t.value)}` : 'end of query');
  const is = (kind, value) => peek()?.kind === kind && (value === undefined || peek().value === value);
  const take = (kind, value) => {
    if (!is(kind, value)) throw new SqlError(`expected ${value ?? kind}, found ${describe(peek())}`);
    return tokens[pos++];
  };
  const accept = (kind, value) => (is(kind, value) ? tokens[pos++] : null);

  const operand = () => {
    const t = peek();
    if (!t) throw new SqlError('unexpected end of query');
    if (t.kind === 'ident') return { kind: 'column', name: tokens[pos++].value };
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'literal', value: tokens[pos++].value };
    if (t.kind === 'keyword' && t.value === 'NULL') {
      pos += 1;
      return { kind: 'literal', value: null };
    }
    if (t.kind === 'punct' && t.value === '?') {
      pos += 1;
      return { kind: 'param', index: placeholders++ };
    }
    throw new SqlError(`expected a value, found ${describe(t)}`);
  };

  const primary = () => {
    if (accept('punct', '(')) {
      const e = orExpr();
      take('punct', ')');
      return e;
    }
    const left = operand();
    if (accept('keyword', 'IS')) {
      const negated = Boolean(accept('keyword', 'NOT'));
      take('keyword', 'NULL');
      return { kind: 'isnull', operand: left, negated };
    }
    const negated = Boolean(accept('keyword', 'NOT'));
    if (accept('keyword', 'IN')) {
      take('punct', '(');
      const list = [operand()];
      while (accept('punct', ',')) list.push(operand());
      take('punct', ')');
      return { kind: 'in', operand: left, list, negated };
    }
    if (accept('keyword', 'LIKE')) {
      const pattern = operand();
      let escape = null;
      if (accept('keyword', 'ESCAPE')) {
        escape = take('string').value;
        if (escape.length !== 1) throw new SqlError('ESCAPE takes a single character');
      }
      return { kind: 'like', operand: left, pattern, escape, negated };
    }
    if (negated) throw new SqlError(`expected IN or LIKE after NOT, found ${describe(peek())}`);
    const op = take('op').value;
    return { kind: 'compare', op, left, right: operand() };
  };
  const notExpr = () => (accept('keyword', 'NOT') ? { kind: 'not', expr: notExpr() } : primary());
  const andExpr = () => {
    let e = notExpr();
    while (accept('keyword', 'AND')) e = { kind: 'and', left: e, right: notExpr() };
    return e;
  };
  const orExpr = () => {
    let e = andExpr();
    while (accept('keyword', 'OR')) e = { kind: 'or', left: e, right: andExpr() };
    return e;
  };

  take('keyword', 'SELECT');
  let columns = null;
  if (!accept('punct', '*')) {
    columns = [take('ident').value];
    while (accept('punct', ',')) columns.push(take('ident').value);
  }
  take('keyword', 'FROM');
  const table = take('ident').value;
  const where = accept('keyword', 'WHERE') ? orExpr() : null;
  const orderBy = [];
  if (accept('keyword', 'ORDER')) {
    take('keyword', 'BY');
    do {
      const column = take('ident').value;
      const desc = Boolean(accept('keyword', 'DESC'));
      if (!desc) accept('keyword', 'ASC');
      orderBy.push({ column, desc });
    } while (accept('punct', ','));
  }
  let limit = null;
  if (accept('keyword', 'LIMIT')) limit = is('punct', '?') ? operand() : { kind: 'literal', value: take('number').value };
  accept('punct', ';');
  if (pos < tokens.length) throw new SqlError(`unexpected ${describe(peek())}: only one SELECT per query`);
  return { columns, table, where, orderBy, limit, placeholders };
}

function likeToRegExp(pattern, escape) {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (escape !== null && c === escape) {
      i += 1;
      if (i >= pattern.length) throw new SqlError('LIKE pattern ends with the escape character');
      source += pattern[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function compareValues(a, b) {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return a < b ? -1 : 1;
}

export function createDb() {
  const tables = new Map();
  const stats = { queries: 0, rowsScanned: 0 };
  const log = [];

  const getTable = (name) => {
    const table = tables.get(name);
    if (!table) throw new SqlError(`no such table: ${name}`);
    return table;
  };
  const checkColumn = (table, name) => {
    if (!table.columns.includes(name)) throw new SqlError(`no such column: ${table.name}.${name}`);
  };
  const indexAdd = (index, value, row) => {
    const bucket = index.get(value);
    if (bucket) bucket.push(row);
    else index.set(value, [row]);
  };

  function evaluate(expr, row, params) {
    const value = (o) => (o.kind === 'column' ? row[o.name] : o.kind === 'param' ? params[o.index] : o.value);
    switch (expr.kind) {
      case 'or':
        return evaluate(expr.left, row, params) || evaluate(expr.right, row, params);
      case 'and':
        return evaluate(expr.left, row, params) && evaluate(expr.right, row, params);
      case 'not':
        return !evaluate(expr.expr, row, params);
      case 'isnull':
        return (value(expr.operand) === null) !== expr.negated;
      case 'in': {
        const v = value(expr.operand);
        if (v === null) return false;
        return expr.list.some((o) => value(o) === v) !== expr.negated;
      }
      case 'like': {
        const v = value(expr.operand);
        const p = value(expr.pattern);
        if (typeof v !== 'string' || typeof p !== 'string') return false;
        return likeToRegExp(p, expr.escape).test(v) !== expr.negated;
      }
      case 'compare': {
        const a = value(expr.left);
        const b = value(expr.right);
        if (a === null || b === null) return false;
        if (expr.op === '=') return a === b;
        if (expr.op === '!=') return a !== b;
        if (typeof a !== typeof b) return false;
        if (expr.op === '<') return a < b;
        if (expr.op === '<=') return a <= b;
        if (expr.op === '>') return a > b;
        return a >= b;
      }
      default:
        throw new SqlError(`cannot evaluate ${expr.kind}`);
    }
  }

  function columnsOf(expr, out = []) {
    if (!expr) return out;
    for (const o of [expr.operand, expr.left, expr.right, expr.pattern, ...(expr.list ?? [])]) {
      if (o?.kind === 'column') out.push(o.name);
    }
    if (['or', 'and'].includes(expr.kind)) {
      columnsOf(expr.left, out);
      columnsOf(expr.right, out);
    }
    if (expr.kind === 'not') columnsOf(expr.expr, out);
    return out;
  }

  /** Rows that may match: from an index when an ANDed equality or IN allows it, else all rows. */
  function candidates(table, where, params) {
    const conjuncts = [];
    const flatten = (e) => {
      if (e?.kind === 'and') {
        flatten(e.left);
        flatten(e.right);
      } else if (e) conjuncts.push(e);
    };
    flatten(where);
    const valueOf = (o) => (o.kind === 'param' ? params[o.index] : o.value);
    for (const c of conjuncts) {
      if (c.kind === 'compare' && c.op === '=') {
        const [col, other] = c.left.kind === 'column' ? [c.left, c.right] : [c.right, c.left];
        if (col.kind === 'column' && other.kind !== 'column' && table.indexes.has(col.name)) {
          return table.indexes.get(col.name).get(valueOf(other)) ?? [];
        }
      }
      if (c.kind === 'in' && !c.negated && c.operand.kind === 'column' && table.indexes.has(c.operand.name) && c.list.every((o) => o.kind !== 'column')) {
        const index = table.indexes.get(c.operand.name);
        const seen = new Set();
        const rows = [];
        for (const o of c.list) {
          const v = valueOf(o);
          if (seen.has(v)) continue;
          seen.add(v);
          rows.push(...(index.get(v) ?? []));
        }
        // Index order is insertion order within a value; keep table order overall.
        return rows.sort((a, b) => table.position.get(a) - table.position.get(b));
      }
    }
    return table.rows;
  }

  return {
    /** Creates a table. `columns` must include `id`, the primary key. */
    createTable(name, columns) {
      if (tables.has(name)) throw new SqlError(`table ${name} already exists`);
      if (!columns.includes('id')) throw new SqlError(`table ${name} needs an id column`);
      tables.set(name, { name, columns: [...columns], rows: [], position: new Map(), indexes: new Map([['id', new Map()]]) });
    },

    /** Inserts one row; every column must be given (null for none). */
    insert(tableName, row) {
      const table = getTable(tableName);
      for (const key of Object.keys(row)) checkColumn(table, key);
      const stored = Object.fromEntries(table.columns.map((c) => [c, row[c] ?? null]));
      if (table.indexes.get('id').has(stored.id)) throw new SqlError(`duplicate id ${stored.id} in ${tableName}`);
      table.position.set(stored, table.rows.length);
      table.rows.push(stored);
      for (const [column, index] of table.indexes) indexAdd(index, stored[column], stored);
    },

    /** Creates an index on table.column (a no-op when it exists). */
    createIndex(tableName, column) {
      const table = getTable(tableName);
      checkColumn(table, column);
      if (table.indexes.has(column)) return;
      const index = new Map();
      for (const row of table.rows) indexAdd(index, row[column], row);
      table.indexes.set(column, index);
    },

    /** The indexed columns of a table. */
    indexes(tableName) {
      return [...getTable(tableName).indexes.keys()];
    },

    /** Runs one SELECT. `params` fill the ? placeholders in order: text, numbers or null. */
    query(sql, params = []) {
      if (typeof sql !== 'string') throw new SqlError('sql must be a string');
      if (!Array.isArray(params)) throw new SqlError('params must be an array');
      stats.queries += 1;
      log.push({ sql, params: [...params] });
      const q = parse(sql);
      if (q.placeholders !== params.length) throw new SqlError(`query has ${q.placeholders} placeholders but ${params.length} params were given`);
      for (const p of params) {
        if (p !== null && typeof p !== 'string' && typeof p !== 'number') throw new SqlError(`params must be text, numbers or null, got ${typeof p}`);
      }
      const table = getTable(q.table);
      for (const c of [...(q.columns ?? []), ...columnsOf(q.where), ...q.orderBy.map((o) => o.column)]) checkColumn(table, c);

      const rows = candidates(table, q.where, params);
      stats.rowsScanned += rows.length;
      let result = q.where ? rows.filter((r) => evaluate(q.where, r, params)) : [...rows];
      if (q.orderBy.length > 0) {
        result = result
          .map((row, i) => ({ row, i }))
          .sort((x, y) => {
            for (const { column, desc } of q.orderBy) {
              const c = compareValues(x.row[column], y.row[column]);
              if (c !== 0) return desc ? -c : c;
            }
            return x.i - y.i;
          })
          .map((x) => x.row);
      }
      if (q.limit) {
        const n = q.limit.kind === 'param' ? params[q.limit.index] : q.limit.value;
        if (!Number.isInteger(n) || n < 0) throw new SqlError('LIMIT must be a non-negative integer');
        result = result.slice(0, n);
      }
      return result.map((row) => Object.fromEntries((q.columns ?? table.columns).map((c) => [c, row[c]])));
    },

    stats,
    log,
    resetStats() {
      stats.queries = 0;
      stats.rowsScanned = 0;
      log.length = 0;
    },
  };
}
